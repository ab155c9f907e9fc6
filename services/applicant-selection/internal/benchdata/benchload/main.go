// Command benchload adds generated seekers, one valid posting of an establishment and
// its applicants to an applicant-selection database for the benchmark through the
// REST edge (gateway/e2e, make bench-appsel; benchdata.Load). Not part of the service.
//
//	benchload -database-url postgres://... -establishment <id> -seekers 100000 -applicants 10000
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/hellowork-jp/hellowork/libs/pgkit"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/benchdata"
)

func main() {
	url := flag.String("database-url", os.Getenv("DATABASE_URL"), "PostgreSQL of the applicant-selection service")
	schema := flag.String("schema", "applicant_selection", "the service's schema")
	est := flag.String("establishment", "", "the establishment whose posting the applicants applied to")
	n := flag.Int("seekers", 100_000, "seekers to add")
	apps := flag.Int("applicants", 10_000, "applicants of the establishment")
	flag.Parse()
	if *est == "" {
		fmt.Fprintln(os.Stderr, "benchload: -establishment is required")
		os.Exit(2)
	}
	ctx := context.Background()
	pool, err := pgkit.Open(ctx, *url, *schema)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer pool.Close()
	took, err := benchdata.Load(ctx, pool, *est, *n, *apps, time.Now())
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("loaded %d seekers and %d applicants in %.1f s\n", *n, min(*apps, *n), took.Seconds())
}
