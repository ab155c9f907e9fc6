// Command benchload adds generated published postings to a job-posting database for
// the search benchmark through the REST edge (gateway/e2e, make bench-search): copies
// of one published template posting (benchdata.Load). Not part of the service.
//
//	benchload -database-url postgres://... -n 100000                      (an empty schema: seeds)
//	benchload -database-url postgres://... -template <posting id> -n 99999 (copies of a published posting)
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/hellowork-jp/hellowork/libs/pgkit"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/benchdata"
)

func main() {
	url := flag.String("database-url", os.Getenv("DATABASE_URL"), "PostgreSQL of the job-posting service")
	schema := flag.String("schema", "job_posting", "the service's schema")
	template := flag.String("template", "", "id of a published posting to copy; empty: seed an establishment and its postings")
	n := flag.Int("n", 100_000, "postings to add")
	flag.Parse()
	ctx := context.Background()
	pool, err := pgkit.Open(ctx, *url, *schema)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer pool.Close()
	var took time.Duration
	if *template == "" {
		took, err = benchdata.Seed(ctx, pool, *n, time.Now())
	} else {
		took, err = benchdata.Load(ctx, pool, *template, *n)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("loaded %d postings in %.1f s\n", *n, took.Seconds())
}
