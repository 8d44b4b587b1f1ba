package pingone

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
)

// Decoding a HAL page in one pass.
//
// A page is read token by token: its _links (for the next link), its count
// and, under _embedded[key], its items, each decoded once as the decoder
// reaches it and handed on before the next is read. An item of a model that
// keeps unknown members (it has an Extra field; its UnmarshalJSON is
// unmarshalKeep, keep.go) is decoded straight into the model's method-free
// twin with unknown fields disallowed: the common item, whose members the
// model all names, is decoded exactly once and has no Extra. An item with a
// member the model does not name fails that decode, and its bytes (the page
// is in memory) take unmarshalKeep's second pass (keepUnknown), which keeps
// the member.

// decodePage decodes body, a HAL page, calling each for every item of
// _embedded[key] until it returns false. It returns the href of the next
// link ("" when there is none) and the count (-1 when absent).
func decodePage[T any](body []byte, key string, each func(T) bool) (next string, count int, err error) {
	count = -1
	kd := keepDecoderOf(reflect.TypeFor[T]())
	dec := json.NewDecoder(bytes.NewReader(body))
	if kd != nil {
		dec.DisallowUnknownFields()
	}
	if err := expectDelim(dec, '{'); err != nil {
		return "", -1, err
	}
	for dec.More() {
		k, err := memberName(dec)
		if err != nil {
			return "", -1, err
		}
		switch k {
		case "_links":
			var links Links
			if err := dec.Decode(&links); err != nil {
				return "", -1, err
			}
			next = links["next"].Href
		case "count":
			var n *int
			if err := dec.Decode(&n); err != nil {
				return "", -1, err
			}
			if n != nil {
				count = *n
			}
		case "_embedded":
			stopped, err := decodeEmbedded(dec, body, key, kd, each)
			if err != nil || stopped {
				return next, count, err
			}
		default:
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return "", -1, err
			}
		}
	}
	return next, count, expectDelim(dec, '}')
}

// decodeEmbedded reads the _embedded object, decoding the items under key.
func decodeEmbedded[T any](dec *json.Decoder, body []byte, key string, kd *keepDecoder, each func(T) bool) (stopped bool, err error) {
	if tok, err := dec.Token(); err != nil {
		return false, err
	} else if tok == nil {
		return false, nil // "_embedded": null
	} else if d, ok := tok.(json.Delim); !ok || d != '{' {
		return false, fmt.Errorf("_embedded is not an object")
	}
	for dec.More() {
		k, err := memberName(dec)
		if err != nil {
			return false, err
		}
		if k != key {
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return false, err
			}
			continue
		}
		tok, err := dec.Token()
		if err != nil {
			return false, err
		}
		if tok == nil {
			continue // no items
		}
		if d, ok := tok.(json.Delim); !ok || d != '[' {
			return false, fmt.Errorf("_embedded.%s is not an array", key)
		}
		for dec.More() {
			item, err := decodeItem[T](dec, body, kd)
			if err != nil {
				return false, fmt.Errorf("_embedded.%s: %w", key, err)
			}
			if !each(item) {
				return true, nil
			}
		}
		if err := expectDelim(dec, ']'); err != nil {
			return false, err
		}
	}
	return false, expectDelim(dec, '}')
}

// decodeItem decodes the next item of the array dec is in.
func decodeItem[T any](dec *json.Decoder, body []byte, kd *keepDecoder) (T, error) {
	var item T
	if kd == nil {
		err := dec.Decode(&item)
		return item, err
	}
	start := dec.InputOffset()
	v := reflect.New(kd.model) // *M
	err := dec.Decode(v.Convert(kd.plainPtr).Interface())
	if err != nil {
		if !isUnknownField(err) {
			return item, err
		}
		// A member the model does not name: the item is decoded again,
		// as the model's UnmarshalJSON would after the same refusal, and
		// the member kept.
		raw := bytes.TrimLeft(body[start:dec.InputOffset()], " \t\r\n,")
		v = reflect.New(kd.model)
		extra := v.Elem().Field(kd.extra).Addr().Interface().(*Extra)
		if err := keepUnknown(raw, v.Convert(kd.plainPtr).Interface(), keysOf(kd.model), extra); err != nil {
			return item, err
		}
	}
	if kd.pointer {
		return v.Interface().(T), nil
	}
	return v.Elem().Interface().(T), nil
}

// keepDecoder describes a model that keeps unknown members.
type keepDecoder struct {
	model    reflect.Type // M
	plainPtr reflect.Type // *plainOf(M)
	extra    int          // the index of M's Extra field
	pointer  bool         // the items are *M
}

var keepDecoders sync.Map // reflect.Type of an item → *keepDecoder (nil when not a keeping model)

// keepDecoderOf returns the decoder of items of type t (M or *M) when M
// keeps unknown members, else nil.
func keepDecoderOf(t reflect.Type) *keepDecoder {
	if v, ok := keepDecoders.Load(t); ok {
		return v.(*keepDecoder)
	}
	var kd *keepDecoder
	m, pointer := t, false
	if m.Kind() == reflect.Pointer {
		m, pointer = m.Elem(), true
	}
	if m.Kind() == reflect.Struct {
		if f, ok := m.FieldByName("Extra"); ok && f.Type == reflect.TypeFor[Extra]() && len(f.Index) == 1 {
			kd = &keepDecoder{model: m, plainPtr: reflect.PointerTo(plainType(m)), extra: f.Index[0], pointer: pointer}
		}
	}
	keepDecoders.Store(t, kd)
	return kd
}

// isUnknownField reports whether err is encoding/json's refusal of a member
// the target does not name (DisallowUnknownFields).
func isUnknownField(err error) bool {
	var se *json.SyntaxError
	return !errors.As(err, &se) && strings.HasPrefix(err.Error(), "json: unknown field ")
}

func memberName(dec *json.Decoder) (string, error) {
	tok, err := dec.Token()
	if err != nil {
		return "", err
	}
	k, ok := tok.(string)
	if !ok {
		return "", fmt.Errorf("expected a member name, got %v", tok)
	}
	return k, nil
}

func expectDelim(dec *json.Decoder, want json.Delim) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); !ok || d != want {
		return fmt.Errorf("expected %q, got %v", want, tok)
	}
	return nil
}
