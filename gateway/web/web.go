// Package web holds the browser front end of the MyPage (React + Vite, see
// docs/web.md). Its build output, dist/, is committed and embedded in the gateway
// binary, so `go build` works on a fresh clone without Node; `make web` rebuilds it
// and `make verify` fails when it is out of date with the sources.
package web

import (
	"embed"
	"io/fs"
)

//go:embed all:dist
var dist embed.FS

// Dist is the built front end: index.html and assets/.
func Dist() fs.FS {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		panic(err) // "dist" is a valid path: cannot happen
	}
	return sub
}
