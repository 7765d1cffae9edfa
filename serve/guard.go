package serve

import (
	"net"
	"net/http"
	"strings"
)

// guard refuses requests that a browser was tricked into sending:
//
//   - Host check (DNS rebinding). When the server listens on a loopback
//     address, a page on evil.example whose name an attacker resolves to
//     127.0.0.1 reaches it same-origin; its requests carry
//     Host: evil.example. So on loopback only Host names that are loopback
//     by definition (localhost, *.localhost, 127.0.0.0/8, ::1) and
//     Options.AllowedHosts are served; others get 421. On other addresses
//     Host is checked only when AllowedHosts is set.
//   - Cross-site writes (CSRF). A page anywhere can make a browser POST a
//     multipart form (an image upload, a question) to this server without
//     a preflight. Non-safe requests whose Sec-Fetch-Site is not
//     same-origin/none, or whose Origin names another host, get 403
//     (net/http.CrossOriginProtection). Clients that are not browsers send
//     neither header and are served.
func (s *Server) guard(next http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.hostAllowed(r.Host) {
			s.fail(w, r, errorf(http.StatusMisdirectedRequest, "bad_host", "this server does not answer for host %q (it listens on loopback; see --allow-host)", r.Host))
			return
		}
		if err := cop.Check(r); err != nil {
			s.fail(w, r, errorf(http.StatusForbidden, "cross_origin", "cross-origin %s refused: %v", r.Method, err))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// hostAllowed applies the Host check described at guard.
func (s *Server) hostAllowed(hostport string) bool {
	if !s.loopback.Load() && len(s.opts.AllowedHosts) == 0 {
		return true
	}
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.ToLower(strings.TrimSuffix(strings.Trim(host, "[]"), "."))
	for _, a := range s.opts.AllowedHosts {
		if strings.EqualFold(host, strings.TrimSuffix(a, ".")) {
			return true
		}
	}
	if !s.loopback.Load() {
		return false
	}
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// isLoopbackListener reports whether ln accepts only loopback connections.
func isLoopbackListener(ln net.Listener) bool {
	ta, ok := ln.Addr().(*net.TCPAddr)
	return ok && ta.IP != nil && ta.IP.IsLoopback()
}
