// Package pgtest gives tests a real PostgreSQL database of their own.
//
// The server comes from TEST_DATABASE_URL, else the local server on 127.0.0.1:5432.
// If none answers, the test fails (never skips) and says how to start one.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/hellowork-jp/hellowork/libs/pgkit"
)

// DefaultURL is the local server tried when TEST_DATABASE_URL is not set.
const DefaultURL = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// howToStart is printed when no server answers.
const howToStart = `no PostgreSQL server answered.
Start one with:  make deps   (or: eval "$(deploy/local/deps.sh postgres)")
or point the tests at one with:  TEST_DATABASE_URL=postgres://user@host:port/postgres?sslmode=disable`

// ServerURL returns the URL of the server tests use (a maintenance database on it).
func ServerURL() string {
	if u := os.Getenv("TEST_DATABASE_URL"); u != "" {
		return u
	}
	return DefaultURL
}

var (
	pkgOnce sync.Once
	pkgURL  string
	pkgErr  error
)

// PackageURL returns the URL of a database created once for this test binary (one per
// test package). Tests in the package share it and must not assume it is empty.
// Databases of test runs older than 6 hours are dropped when a new one is made.
func PackageURL(t testing.TB) string {
	t.Helper()
	pkgOnce.Do(func() { pkgURL, pkgErr = create(context.Background(), "pkg") })
	if pkgErr != nil {
		t.Fatalf("pgtest: %v", pkgErr)
	}
	return pkgURL
}

// NewDatabase creates an empty database for one test and drops it when the test ends.
func NewDatabase(t testing.TB) string {
	t.Helper()
	u, err := create(context.Background(), "t")
	if err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	t.Cleanup(func() { drop(u) })
	return u
}

// Pool opens a pool on dbURL with the given schema, applies migrations (if not nil)
// and closes the pool when the test ends.
func Pool(t testing.TB, dbURL, schema string, migrations fs.FS) *pgxpool.Pool {
	t.Helper()
	ctx := context.Background()
	pool, err := pgkit.Open(ctx, dbURL, schema)
	if err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	t.Cleanup(pool.Close)
	if migrations != nil {
		if err := pgkit.Migrate(ctx, pool, schema, migrations); err != nil {
			t.Fatalf("pgtest: %v", err)
		}
	} else if _, err := pool.Exec(ctx, "CREATE SCHEMA IF NOT EXISTS "+pgx.Identifier{schema}.Sanitize()); err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	return pool
}

var nameRe = regexp.MustCompile(`^hwtest_[a-z]+_(\d+)_[0-9a-f]+$`)

func create(ctx context.Context, kind string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	server := ServerURL()
	conn, err := pgx.Connect(ctx, server)
	if err != nil {
		return "", fmt.Errorf("%s\n(connecting to %s: %v)", howToStart, redact(server), err)
	}
	defer conn.Close(ctx)
	dropStale(ctx, conn)
	var b [6]byte
	_, _ = rand.Read(b[:])
	name := fmt.Sprintf("hwtest_%s_%d_%s", kind, time.Now().Unix(), hex.EncodeToString(b[:]))
	// template0 avoids "source database is being accessed by other users" on template1.
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name+" TEMPLATE template0 ENCODING 'UTF8'"); err != nil {
		return "", fmt.Errorf("create database %s: %w", name, err)
	}
	u, err := url.Parse(server)
	if err != nil {
		return "", err
	}
	u.Path = "/" + name
	return u.String(), nil
}

func dropStale(ctx context.Context, conn *pgx.Conn) {
	rows, err := conn.Query(ctx, "SELECT datname FROM pg_database WHERE datname LIKE 'hwtest\\_%'")
	if err != nil {
		return
	}
	names, _ := pgx.CollectRows(rows, pgx.RowTo[string])
	for _, n := range names {
		m := nameRe.FindStringSubmatch(n)
		if m == nil {
			continue
		}
		if ts, _ := strconv.ParseInt(m[1], 10, 64); time.Since(time.Unix(ts, 0)) > 6*time.Hour {
			_, _ = conn.Exec(ctx, "DROP DATABASE IF EXISTS "+n+" WITH (FORCE)")
		}
	}
}

func drop(dbURL string) {
	u, err := url.Parse(dbURL)
	if err != nil {
		return
	}
	name := strings.TrimPrefix(u.Path, "/")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, ServerURL())
	if err != nil {
		return
	}
	defer conn.Close(ctx)
	_, _ = conn.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)")
}

// DropPackageDatabase drops the database PackageURL made; call it from TestMain after
// m.Run. Without it, the database is dropped by a later run after 6 hours.
func DropPackageDatabase() {
	if pkgURL != "" {
		drop(pkgURL)
	}
}

func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "<unparseable URL>"
	}
	return u.Redacted()
}
