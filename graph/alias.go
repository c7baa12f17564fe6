package graph

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"kg/schema"
)

// MaxAliasLen bounds a manual alias.
const MaxAliasLen = 100

// AddAlias gives an entity an alias by hand. The alias is kept in
// manualAliases as well as in aliases, so deleting articles (which rebuilds
// aliases from the remaining mentions) keeps it, and name lookups and
// search find the entity by it at once. Adding an alias the entity already
// has changes nothing.
func (s *Store) AddAlias(ctx context.Context, id, alias string) (Entity, error) {
	alias = strings.TrimSpace(alias)
	switch {
	case alias == "":
		return Entity{}, invalidf("the alias is empty")
	case len([]rune(alias)) > MaxAliasLen:
		return Entity{}, invalidf("the alias is longer than %d characters", MaxAliasLen)
	case strings.ContainsFunc(alias, unicode.IsControl):
		return Entity{}, invalidf("the alias contains control characters")
	}
	var out Entity
	err := s.writeTx(ctx, "add_alias", func(q func(string, map[string]any) ([]*neo4j.Record, error)) error {
		recs, err := q(`MATCH (e:Entity {id: $id})
WITH e, coalesce(e.manualAliases, []) AS manual, coalesce(e.manualAliasKeys, []) AS manualKeys,
     coalesce(e.aliases, []) AS aliases, coalesce(e.aliasKeys, []) AS aliasKeys
WITH e, manual, manualKeys, aliases, aliasKeys, e.key = $key AS isName
SET e.manualAliases = CASE WHEN isName OR $key IN manualKeys THEN manual ELSE manual + $alias END,
    e.manualAliasKeys = CASE WHEN isName OR $key IN manualKeys THEN manualKeys ELSE manualKeys + $key END,
    e.aliases = CASE WHEN isName OR $key IN aliasKeys THEN aliases ELSE aliases + $alias END,
    e.aliasKeys = CASE WHEN isName OR $key IN aliasKeys THEN aliasKeys ELSE aliasKeys + $key END
SET e.aliasText = reduce(t = '', x IN e.aliases | t + ' ' + x)
RETURN e`+entityProps+` AS e`, map[string]any{"id": id, "alias": alias, "key": schema.FoldKey(alias)})
		if err != nil {
			return err
		}
		if len(recs) == 0 {
			return errNoEntity(id)
		}
		out = toEntity(val(recs[0], "e"))
		return nil
	})
	if err != nil {
		if errors.Is(err, ErrInvalid) {
			return Entity{}, err
		}
		return Entity{}, fmt.Errorf("add alias to %s: %w", id, err)
	}
	return out, nil
}

func errNoEntity(id string) error {
	return invalidf("there is no entity with id %q", clip(id, 80))
}
