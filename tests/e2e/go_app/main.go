// The advisor e2e suite's Go fixture app: the standard library only (no module can be
// downloaded here). It reads only what the generated files give it: PORT and MEDIA_ROOT
// (the Dockerfile). No database or Redis endpoints: a driver would be a module download.
//
//	GET  /health          200 "ok"
//	GET  /whoami          the process's uid and gid
//	PUT  /media/NAME      stores the body as MEDIA_ROOT/NAME
//	GET  /media/NAME      that file
package main

import (
	"encoding/json"
	"io"
	"log"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

var validName = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

func answer(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

func main() {
	mediaRoot := os.Getenv("MEDIA_ROOT")
	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	http.HandleFunc("/health", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		_, _ = io.WriteString(w, "ok")
	})
	http.HandleFunc("/whoami", func(w http.ResponseWriter, r *http.Request) {
		answer(w, http.StatusOK, map[string]int{"uid": os.Getuid(), "gid": os.Getgid()})
	})
	http.HandleFunc("/media/", func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, "/media/")
		if mediaRoot == "" || !validName.MatchString(name) {
			status := http.StatusBadRequest
			if mediaRoot == "" {
				status = http.StatusNotImplemented
			}
			answer(w, status, map[string]string{"error": "no MEDIA_ROOT or bad name"})
			return
		}
		file := filepath.Join(mediaRoot, name)
		switch r.Method {
		case http.MethodPut:
			data, err := io.ReadAll(r.Body)
			if err == nil {
				err = os.WriteFile(file, data, 0o644)
			}
			if err != nil {
				answer(w, http.StatusInternalServerError, map[string]string{"error": err.Error()})
				return
			}
			answer(w, http.StatusCreated, map[string]any{"stored": file, "bytes": len(data)})
		case http.MethodGet:
			data, err := os.ReadFile(file)
			if err != nil {
				answer(w, http.StatusNotFound, map[string]string{"error": err.Error()})
				return
			}
			w.Header().Set("Content-Type", "application/octet-stream")
			_, _ = w.Write(data)
		default:
			answer(w, http.StatusMethodNotAllowed, map[string]string{"error": "GET or PUT"})
		}
	})
	addr := "0.0.0.0:" + port
	log.Printf("go fixture app on %s (MEDIA_ROOT=%s)", addr, mediaRoot)
	log.Fatal(http.ListenAndServe(addr, nil))
}
