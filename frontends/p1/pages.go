package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/itchyny/gojq"

	"github.com/p1kit/p1kit/tools"
)

// Output for people and for scripts: a table on a terminal, JSON when
// stdout is a pipe or a file (as gh does), -o choosing; --paginate
// follows nextCursor to the last page; --jq filters the JSON.

// autoFormat is the format when -o is not given.
func autoFormat(w io.Writer) string {
	if isTerminalWriter(w) {
		return formatTable
	}
	return formatJSON
}

// outputFormat reads -o, or picks the format for where stdout goes.
func outputFormat(g *globals, value string) (string, error) {
	if strings.TrimSpace(value) == "" {
		return autoFormat(g.stdout), nil
	}
	return checkFormat(value)
}

// jqFilter compiles --jq ("" gives nil).
func jqFilter(expr string) (*gojq.Code, error) {
	if strings.TrimSpace(expr) == "" {
		return nil, nil
	}
	q, err := gojq.Parse(expr)
	if err != nil {
		return nil, usageErrorf("--jq %s: %v", cut(expr), err)
	}
	code, err := gojq.Compile(q)
	if err != nil {
		return nil, usageErrorf("--jq %s: %v", cut(expr), err)
	}
	return code, nil
}

// writeJQ writes what the filter makes of a result: strings as they are
// (one a line, as gh's --jq and jq -r print them), other values as JSON.
func writeJQ(ctx context.Context, w io.Writer, code *gojq.Code, data json.RawMessage) error {
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		return err
	}
	iter := code.RunWithContext(ctx, v)
	for {
		out, ok := iter.Next()
		if !ok {
			return nil
		}
		if err, isErr := out.(error); isErr {
			if he, halt := err.(*gojq.HaltError); halt && he.Value() == nil {
				return nil
			}
			return usageErrorf("--jq: %v", err)
		}
		if s, isStr := out.(string); isStr {
			fmt.Fprintln(w, s)
			continue
		}
		if err := writeJSON(w, out); err != nil {
			return err
		}
	}
}

// callPages calls a tool and, with paginate, calls it again with each
// nextCursor until the last page, handing every page to emit as it comes.
func callPages(ctx context.Context, call func(context.Context, json.RawMessage) (*tools.Result, error), raw json.RawMessage,
	paginate bool, progress io.Writer, emit func(page int, data json.RawMessage) error) error {
	for page := 1; ; page++ {
		res, err := call(ctx, raw)
		if err != nil {
			return err
		}
		next := ""
		if paginate {
			var m struct {
				NextCursor string `json:"nextCursor"`
			}
			_ = json.Unmarshal(res.Data, &m)
			next = m.NextCursor
		}
		if err := emit(page, res.Data); err != nil {
			return err
		}
		if next == "" {
			if progress != nil && page > 1 {
				fmt.Fprintf(progress, "\r%*s\r", 40, "")
			}
			return nil
		}
		if progress != nil {
			fmt.Fprintf(progress, "\rp1: page %d read, reading page %d…", page, page+1)
		}
		var args map[string]json.RawMessage
		if err := json.Unmarshal(raw, &args); err != nil || args == nil {
			args = map[string]json.RawMessage{}
		}
		args["cursor"], _ = json.Marshal(next)
		if raw, err = json.Marshal(args); err != nil {
			return err
		}
	}
}

// mergePages joins the pages of a listing into one result for a table:
// the list member's items in order, the other members of the last page
// (less its cursor).
func mergePages(pages []json.RawMessage) json.RawMessage {
	if len(pages) == 1 {
		return pages[0]
	}
	var listKey string
	var items []json.RawMessage
	var last []member
	for _, p := range pages {
		top, ok := orderedObject(p)
		if !ok {
			return p
		}
		last = nil
		for _, m := range top {
			if kindOf(m.val) == '[' && (listKey == "" || listKey == m.key) {
				var its []json.RawMessage
				if json.Unmarshal(m.val, &its) == nil {
					listKey = m.key
					items = append(items, its...)
					continue
				}
			}
			if m.key != "nextCursor" {
				last = append(last, m)
			}
		}
	}
	var b strings.Builder
	b.WriteString("{")
	list, _ := json.Marshal(items)
	key, _ := json.Marshal(listKey)
	b.Write(key)
	b.WriteString(":")
	b.Write(list)
	for _, m := range last {
		if m.key == "count" {
			continue // one page's count
		}
		k, _ := json.Marshal(m.key)
		b.WriteString(",")
		b.Write(k)
		b.WriteString(":")
		b.Write(m.val)
	}
	b.WriteString("}")
	return json.RawMessage(b.String())
}
