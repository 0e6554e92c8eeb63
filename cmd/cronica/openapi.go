package main

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"sort"

	"github.com/gin-gonic/gin"
)

// openAPIFiles are the parts of the OpenAPI document: 00_base.json holds
// the header, the server's own routes and the shared components; every other
// file adds the paths (and components) of one area, so each area keeps its
// own part. TestOpenAPICoversEveryRoute fails when a route is missing from
// the merged document or it lists one that does not exist.
//
//go:embed openapi/*.json
var openAPIFiles embed.FS

// openAPIDocument merges the parts, in file-name order: paths, their
// operations and components are added (two parts may describe other
// methods of one path: the read API a GET, the write API a POST); an
// operation or a component defined twice is an error.
func openAPIDocument() ([]byte, error) {
	names, err := fs.Glob(openAPIFiles, "openapi/*.json")
	if err != nil {
		return nil, fmt.Errorf("openapi: %w", err)
	}
	sort.Strings(names)
	doc := map[string]any{}
	for _, name := range names {
		raw, err := openAPIFiles.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("openapi: %s: %w", name, err)
		}
		var part map[string]any
		if err := json.Unmarshal(raw, &part); err != nil {
			return nil, fmt.Errorf("openapi: %s: %w", name, err)
		}
		if err := mergeInto(doc, part, name); err != nil {
			return nil, err
		}
	}
	out, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("openapi: %w", err)
	}
	return out, nil
}

// mergeInto adds part to doc: top-level scalars from the base, and the
// entries of "paths" and of each "components" section, refusing duplicates.
func mergeInto(doc, part map[string]any, name string) error {
	for key, value := range part {
		switch key {
		case "paths":
			if err := addPaths(doc, value, name); err != nil {
				return err
			}
		case "components":
			sections, _ := value.(map[string]any)
			comps, _ := doc["components"].(map[string]any)
			if comps == nil {
				comps = map[string]any{}
				doc["components"] = comps
			}
			for section, entries := range sections {
				if err := addEntries(comps, section, entries, name); err != nil {
					return err
				}
			}
		default:
			if _, dup := doc[key]; dup {
				return fmt.Errorf("openapi: %s: %q is set twice", name, key)
			}
			doc[key] = value
		}
	}
	return nil
}

// addPaths adds part's paths to doc, merging the operations of a path that
// several parts describe and refusing an operation (or another field of a
// path item) defined twice.
func addPaths(doc map[string]any, value any, name string) error {
	paths, _ := value.(map[string]any)
	target, _ := doc["paths"].(map[string]any)
	if target == nil {
		target = map[string]any{}
		doc["paths"] = target
	}
	for path, item := range paths {
		ops, _ := item.(map[string]any)
		have, _ := target[path].(map[string]any)
		if have == nil {
			have = map[string]any{}
			target[path] = have
		}
		for op, v := range ops {
			if _, dup := have[op]; dup {
				return fmt.Errorf("openapi: %s: %s of path %q is defined twice", name, op, path)
			}
			have[op] = v
		}
	}
	return nil
}

func addEntries(into map[string]any, key string, value any, name string) error {
	entries, _ := value.(map[string]any)
	target, _ := into[key].(map[string]any)
	if target == nil {
		target = map[string]any{}
		into[key] = target
	}
	for k, v := range entries {
		if _, dup := target[k]; dup {
			return fmt.Errorf("openapi: %s: %s %q is defined twice", name, key, k)
		}
		target[k] = v
	}
	return nil
}

// openAPI serves the merged document at /api/v1/openapi.json.
func openAPI(doc []byte) gin.HandlerFunc {
	return func(c *gin.Context) { c.Data(http.StatusOK, "application/json", doc) }
}
