// Command genholidays regenerates libs/calendar/holidays_data.go, the committed table of
// Japan's national holidays, from the rules of the Public Holiday Law (see
// libs/calendar/internal/holidaylaw). Run it from libs/calendar:
//
//	go run ./cmd/genholidays -from 1990 -to 2099 -out holidays_data.go
//
// Review the diff: after the Cabinet Office announces next year's equinoxes, or after an
// amendment, the table (not the formula) is what the services trust.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/hellowork-jp/hellowork/libs/calendar/internal/holidaylaw"
)

func main() {
	from := flag.Int("from", holidaylaw.FirstYear, "first year")
	to := flag.Int("to", holidaylaw.LastYear, "last year")
	out := flag.String("out", "holidays_data.go", "output file")
	flag.Parse()
	if *from < holidaylaw.FirstYear || *to > holidaylaw.LastYear || *from > *to {
		fmt.Fprintf(os.Stderr, "genholidays: years must lie within %d-%d\n", holidaylaw.FirstYear, holidaylaw.LastYear)
		os.Exit(2)
	}
	src, err := holidaylaw.Render(*from, *to)
	if err != nil {
		fmt.Fprintln(os.Stderr, "genholidays:", err)
		os.Exit(1)
	}
	if err := os.WriteFile(*out, src, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "genholidays:", err)
		os.Exit(1)
	}
}
