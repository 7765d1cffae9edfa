package serve

import (
	"embed"
	"io/fs"
	"net/http"
	"path"
)

// static holds the web page, the Swagger UI start page and the vendored
// swagger-ui-dist files (scripts/serve/vendor-swagger-ui.sh).
//
//go:embed static openapi.json
var static embed.FS

// contentSecurityPolicy keeps the pages from loading anything from
// another origin: Swagger UI and the page work offline, from the binary.
const contentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"

func staticFiles() http.Handler {
	sub, err := fs.Sub(static, "static")
	if err != nil {
		panic(err) // the embedded tree is fixed at build time
	}
	fsrv := http.StripPrefix("/static/", http.FileServerFS(sub))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", contentSecurityPolicy)
		w.Header().Set("Cache-Control", "public, max-age=3600")
		fsrv.ServeHTTP(w, r)
	})
}

// staticFile serves one embedded page.
func staticFile(name string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		data, err := static.ReadFile(path.Join("static", name))
		if err != nil {
			http.Error(w, "missing page", http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Security-Policy", contentSecurityPolicy)
		w.Header().Set("Cache-Control", "no-cache")
		_, _ = w.Write(data)
	})
}

// OpenAPI returns the OpenAPI 3 document served at /openapi.json.
func OpenAPI() []byte {
	data, err := static.ReadFile("openapi.json")
	if err != nil {
		panic(err) // embedded at build time
	}
	return data
}

func (s *Server) openapi(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	_, _ = w.Write(OpenAPI())
}
