package reader

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"iter"
	"os"
	"path/filepath"
)

// Walk reads the articles of files, directories and "-" (opts.Stdin), in
// the order given. A directory is walked recursively in lexical order,
// reading the files for which IsArticleFile is true and skipping hidden
// files and directories; a file named explicitly is read whatever its
// name. Errors are per item: a missing or unreadable file yields one error
// Item and the walk goes on; a directory without article files yields one
// ErrEmpty note. Cancelling ctx ends the walk with an Item whose Err wraps
// ctx.Err().
func Walk(ctx context.Context, paths []string, opts Options) iter.Seq[Item] {
	return func(yield func(Item) bool) {
		w := walker{ctx: ctx, opts: opts, yield: yield}
		for _, p := range paths {
			if !w.path(p) {
				return
			}
		}
	}
}

type walker struct {
	ctx   context.Context
	opts  Options
	yield func(Item) bool
}

// path reads one argument of Walk; false means stop.
func (w *walker) path(p string) bool {
	if err := w.ctx.Err(); err != nil {
		w.yield(Item{Err: &Error{Name: p, Err: err}})
		return false
	}
	if p == "-" {
		if w.opts.Stdin == nil {
			return w.yield(Item{Err: &Error{Name: p, Err: errors.New("standard input not available (Options.Stdin is nil)")}})
		}
		return w.read(p, w.opts.Stdin)
	}
	fi, err := os.Stat(p)
	if err != nil {
		return w.yield(Item{Err: &Error{Name: p, Err: bare(err)}})
	}
	if !fi.IsDir() {
		return w.file(p)
	}
	found, stopped := false, false
	err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if !w.yield(Item{Err: &Error{Name: path, Err: bare(err)}}) {
				stopped = true
				return filepath.SkipAll
			}
			return nil // WalkDir skips the directory it could not read
		}
		if path != p && d.Name()[0] == '.' {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() || !IsArticleFile(path) {
			return nil
		}
		if ok, err := regular(path, d); err != nil {
			if !w.yield(Item{Err: &Error{Name: path, Err: err}}) {
				stopped = true
				return filepath.SkipAll
			}
			return nil
		} else if !ok {
			return nil
		}
		found = true
		if !w.file(path) {
			stopped = true
			return filepath.SkipAll
		}
		return nil
	})
	switch {
	case stopped:
		return false
	case err != nil:
		return w.yield(Item{Err: &Error{Name: p, Err: err}})
	case !found:
		return w.yield(Item{Err: &Error{Name: p, Err: fmt.Errorf("%w: no article files in directory", ErrEmpty)}})
	}
	return true
}

// regular reports whether a directory entry is a regular file, following
// a symbolic link: devices, pipes and sockets in a tree are not articles.
// A link that leads nowhere is an error, not silence: the user named a
// tree expecting all of it to be read.
func regular(path string, d fs.DirEntry) (bool, error) {
	if d.Type().IsRegular() {
		return true, nil
	}
	if d.Type()&fs.ModeSymlink == 0 {
		return false, nil
	}
	fi, err := os.Stat(path)
	if err != nil {
		return false, fmt.Errorf("symbolic link: %w", bare(err))
	}
	return fi.Mode().IsRegular(), nil
}

// file reads one file; false means stop.
func (w *walker) file(name string) bool {
	f, err := os.Open(name)
	if err != nil {
		return w.yield(Item{Err: &Error{Name: name, Err: bare(err)}})
	}
	defer f.Close() // read-only: closing cannot lose data
	return w.read(name, f)
}

// read reads one input; false means stop.
func (w *walker) read(name string, r io.Reader) bool {
	s := &sink{ctx: w.ctx, name: name, maxArticle: w.opts.articleLimit(), yield: w.yield}
	readInput(s, r, w.opts)
	s.finish()
	return !s.stopped && w.ctx.Err() == nil
}

// bare drops the path from a *fs.PathError, since Error names the file.
func bare(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", pe.Op, pe.Err)
	}
	return err
}
