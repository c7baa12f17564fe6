package gql

import (
	"context"
	"sync"
)

// maxBatch bounds the ids of one batched query, so a huge level (a subgraph
// of a thousand entities asking for their articles) becomes a few queries
// rather than one giant parameter list.
const maxBatch = 500

// batcher collects the keys that the resolvers of one request level ask
// for and fetches them in one call when the first result is needed.
//
// graphql-go resolves a whole level, then calls the returned thunks
// breadth-first, so every key of a level is queued before any thunk runs:
// no timer is needed (unlike dataloader's wait window), and a level costs
// one round trip whatever its width. Results are cached for the request.
type batcher[V any] struct {
	fetch func(ctx context.Context, keys []string) (map[string]V, error)

	mu      sync.Mutex
	pending []string
	slots   map[string]*slot[V]
}

type slot[V any] struct {
	v    V
	ok   bool
	err  error
	done bool
}

func newBatcher[V any](fetch func(context.Context, []string) (map[string]V, error)) *batcher[V] {
	return &batcher[V]{fetch: fetch, slots: map[string]*slot[V]{}}
}

// load queues key and returns the function that waits for its value; ok is
// false when the key does not exist.
func (b *batcher[V]) load(ctx context.Context, key string) func() (V, bool, error) {
	b.mu.Lock()
	s, ok := b.slots[key]
	if !ok {
		s = &slot[V]{}
		b.slots[key] = s
		b.pending = append(b.pending, key)
	}
	b.mu.Unlock()
	return func() (V, bool, error) {
		b.mu.Lock()
		defer b.mu.Unlock()
		if !s.done {
			b.flushLocked(ctx)
		}
		return s.v, s.ok, s.err
	}
}

// peek returns a value the batcher already has, so that resolvers can
// answer at once instead of returning a thunk (graphql-go pays for every
// thunk it completes). It is the batcher's own copy, never changed once
// fetched: handing out its address saves boxing a copy for every field.
func (b *batcher[V]) peek(key string) (v *V, ok, known bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if s, found := b.slots[key]; found && s.done && s.err == nil {
		return &s.v, s.ok, true
	}
	return nil, false, false
}

// prime stores a value fetched by another query, saving a round trip.
func (b *batcher[V]) prime(key string, v V) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if s, ok := b.slots[key]; !ok || !s.done {
		if !ok {
			s = &slot[V]{}
			b.slots[key] = s
		}
		s.v, s.ok, s.done = v, true, true
	}
}

func (b *batcher[V]) flushLocked(ctx context.Context) {
	keys := b.pending[:0:0]
	for _, k := range b.pending {
		if !b.slots[k].done {
			keys = append(keys, k)
		}
	}
	b.pending = nil
	for len(keys) > 0 {
		n := min(len(keys), maxBatch)
		chunk := keys[:n]
		keys = keys[n:]
		got, err := b.fetch(ctx, chunk)
		for _, k := range chunk {
			s := b.slots[k]
			s.done = true
			if err != nil {
				s.err = err
				continue
			}
			s.v, s.ok = got[k]
		}
	}
}

// batchers holds one batcher per argument set of a field: the articles of
// entities asked with first: 5 and with first: 50 are separate batches.
type batchers[V any] struct {
	mu sync.Mutex
	m  map[string]*batcher[V]
}

func (bs *batchers[V]) get(args string, fetch func(context.Context, []string) (map[string]V, error)) *batcher[V] {
	bs.mu.Lock()
	defer bs.mu.Unlock()
	if bs.m == nil {
		bs.m = map[string]*batcher[V]{}
	}
	b, ok := bs.m[args]
	if !ok {
		b = newBatcher(fetch)
		bs.m[args] = b
	}
	return b
}
