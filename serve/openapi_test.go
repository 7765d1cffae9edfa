package serve

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// spec is the parsed openapi.json.
type spec map[string]any

func loadSpec(t testing.TB) spec {
	t.Helper()
	var sp spec
	if err := json.Unmarshal(OpenAPI(), &sp); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	return sp
}

func obj(v any) map[string]any { m, _ := v.(map[string]any); return m }

// operation returns the operation object of method and path, or nil.
func (sp spec) operation(method, path string) map[string]any {
	return obj(obj(obj(sp["paths"])[path])[strings.ToLower(method)])
}

// resolve follows a local $ref.
func (sp spec) resolve(s map[string]any) map[string]any {
	for i := 0; i < 10; i++ {
		ref, ok := s["$ref"].(string)
		if !ok {
			return s
		}
		var cur any = map[string]any(sp)
		for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
			cur = obj(cur)[part]
		}
		s = obj(cur)
	}
	return s
}

// validate checks v against schema (the subset of JSON Schema the
// document uses: type, properties, required, additionalProperties, items,
// enum, nullable, $ref) and returns what does not match.
func (sp spec) validate(schema map[string]any, v any, at string) []string {
	schema = sp.resolve(schema)
	if schema == nil {
		return []string{at + ": schema not found"}
	}
	if v == nil {
		if schema["nullable"] == true || schema["type"] == nil {
			return nil
		}
		return []string{at + ": null where " + fmt.Sprint(schema["type"]) + " is declared (not nullable)"}
	}
	var errs []string
	if enum, ok := schema["enum"].([]any); ok && !slices.Contains(enum, v) {
		errs = append(errs, fmt.Sprintf("%s: %v not in enum %v", at, v, enum))
	}
	switch schema["type"] {
	case nil:
	case "object":
		m, ok := v.(map[string]any)
		if !ok {
			return append(errs, fmt.Sprintf("%s: want object, got %T", at, v))
		}
		props := obj(schema["properties"])
		for _, r := range asStrings(schema["required"]) {
			if _, ok := m[r]; !ok {
				errs = append(errs, at+": missing required "+r)
			}
		}
		for k, val := range m {
			if ps, ok := props[k]; ok {
				errs = append(errs, sp.validate(obj(ps), val, at+"."+k)...)
				continue
			}
			switch ap := schema["additionalProperties"].(type) {
			case bool:
				if !ap {
					errs = append(errs, at+": property "+k+" is not in the schema")
				}
			case map[string]any:
				errs = append(errs, sp.validate(ap, val, at+"."+k)...)
			}
		}
	case "array":
		a, ok := v.([]any)
		if !ok {
			return append(errs, fmt.Sprintf("%s: want array, got %T", at, v))
		}
		for i, x := range a {
			errs = append(errs, sp.validate(obj(schema["items"]), x, at+"["+strconv.Itoa(i)+"]")...)
		}
	case "string":
		if _, ok := v.(string); !ok {
			errs = append(errs, fmt.Sprintf("%s: want string, got %T", at, v))
		}
	case "integer":
		if f, ok := v.(float64); !ok || f != float64(int64(f)) {
			errs = append(errs, fmt.Sprintf("%s: want integer, got %v", at, v))
		}
	case "number":
		if _, ok := v.(float64); !ok {
			errs = append(errs, fmt.Sprintf("%s: want number, got %T", at, v))
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			errs = append(errs, fmt.Sprintf("%s: want boolean, got %T", at, v))
		}
	default:
		errs = append(errs, fmt.Sprintf("%s: unknown schema type %v", at, schema["type"]))
	}
	return errs
}

func asStrings(v any) []string {
	var out []string
	for _, x := range asAny(v) {
		out = append(out, x.(string))
	}
	return out
}

// checkResponse validates a recorded response against the operation the
// server routed the request to: the status must be documented and a JSON
// body must match its schema. Requests that reach no documented operation
// must answer with the Error schema.
func checkResponse(t *testing.T, sp spec, s *Server, req *http.Request, rec *httptest.ResponseRecorder) {
	t.Helper()
	_, pattern := s.mux.Handler(req)
	method, path, _ := strings.Cut(pattern, " ")
	op := sp.operation(method, path)
	status := strconv.Itoa(rec.Code)
	var schema map[string]any
	if op == nil {
		if !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") {
			return // a page or a static file
		}
		schema = map[string]any{"$ref": "#/components/schemas/Error"}
	} else {
		resp := obj(obj(op["responses"])[status])
		if resp == nil {
			t.Errorf("%s %s answered %s, which openapi.json does not list for %s", req.Method, req.URL.Path, status, pattern)
			return
		}
		resp = sp.resolve(resp)
		schema = obj(obj(obj(resp["content"])["application/json"])["schema"])
		if schema == nil {
			return
		}
	}
	var body any
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Errorf("%s %s: body is not JSON: %v: %q", req.Method, req.URL.Path, err, rec.Body.String())
		return
	}
	for _, e := range sp.validate(schema, body, "body") {
		t.Errorf("%s %s → %s: openapi.json drift: %s", req.Method, req.URL.Path, status, e)
	}
}

// TestOpenAPIMatchesRoutes fails when an API route is registered but not
// documented, or documented but not registered, or when a documented path
// parameter is not in the route.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	sp := loadSpec(t)
	s := New(Options{})
	var routes, documented []string
	for _, r := range s.routes {
		if r.api {
			routes = append(routes, r.method+" "+r.pattern)
		}
	}
	for path, item := range obj(sp["paths"]) {
		for method := range obj(item) {
			documented = append(documented, strings.ToUpper(method)+" "+path)
		}
	}
	sort.Strings(routes)
	sort.Strings(documented)
	if !slices.Equal(routes, documented) {
		t.Errorf("routes and openapi.json differ:\nregistered: %q\ndocumented: %q", routes, documented)
	}
	param := regexp.MustCompile(`\{(\w+)\}`)
	for _, r := range s.routes {
		op := sp.operation(r.method, r.pattern)
		if op == nil {
			continue
		}
		var declared []string
		for _, p := range asAny(op["parameters"]) {
			if pm := obj(p); pm["in"] == "path" {
				declared = append(declared, pm["name"].(string))
			}
		}
		var inPath []string
		for _, m := range param.FindAllStringSubmatch(r.pattern, -1) {
			inPath = append(inPath, m[1])
		}
		sort.Strings(declared)
		sort.Strings(inPath)
		if !slices.Equal(declared, inPath) {
			t.Errorf("%s %s: path parameters %q, documented %q", r.method, r.pattern, inPath, declared)
		}
		responses := obj(op["responses"])
		if responses["200"] == nil {
			t.Errorf("%s %s: no 200 response documented", r.method, r.pattern)
		}
		if r.limited {
			for _, code := range []string{"429", "503", "504", "500"} {
				if responses[code] == nil {
					t.Errorf("%s %s runs under the limiter but does not document %s", r.method, r.pattern, code)
				}
			}
		}
	}
}

func asAny(v any) []any { a, _ := v.([]any); return a }

// TestOpenAPISchemasResolve checks that every $ref in the document points
// somewhere.
func TestOpenAPISchemasResolve(t *testing.T) {
	sp := loadSpec(t)
	var walk func(v any, at string)
	walk = func(v any, at string) {
		switch x := v.(type) {
		case map[string]any:
			if ref, ok := x["$ref"].(string); ok && sp.resolve(x) == nil {
				t.Errorf("%s: $ref %s does not resolve", at, ref)
			}
			for k, c := range x {
				walk(c, at+"/"+k)
			}
		case []any:
			for i, c := range x {
				walk(c, at+"/"+strconv.Itoa(i))
			}
		}
	}
	walk(map[string]any(sp), "#")
	if v, _ := sp["openapi"].(string); !strings.HasPrefix(v, "3.") {
		t.Errorf("openapi version %q, want 3.x", v)
	}
}
