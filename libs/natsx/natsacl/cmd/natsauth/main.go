// Command natsauth issues the NATS users of the hellowork services and prints the
// nats-server authorization block that limits each to its own subjects and streams
// (libs/natsx/natsacl).
//
//	natsauth -dir DIR [-format conf|helm] [-out FILE]
//
// DIR keeps one nkey seed per service (<service>.nk, mode 600; existing ones are
// kept). The service reads its seed from NATS_NKEY_SEED_FILE or NATS_NKEY_SEED.
// -format conf writes a block to append to nats.conf (make run: deploy/local/deps.sh);
// -format helm writes values for the official NATS chart (deploy/README.md, "NATS").
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/hellowork-jp/hellowork/libs/natsx/natsacl"
)

func main() {
	dir := flag.String("dir", "", "directory of the services' nkey seeds (created if missing)")
	format := flag.String("format", "conf", "conf (nats.conf block) or helm (NATS chart values)")
	out := flag.String("out", "", "write here instead of standard output (mode 600)")
	flag.Parse()
	if err := run(*dir, *format, *out); err != nil {
		fmt.Fprintln(os.Stderr, "natsauth:", err)
		os.Exit(1)
	}
}

func run(dir, format, out string) error {
	if dir == "" {
		return fmt.Errorf("-dir is required")
	}
	if err := natsacl.Validate(); err != nil {
		return err
	}
	pubs, err := natsacl.EnsureSeeds(dir)
	if err != nil {
		return err
	}
	auth, err := natsacl.Build(pubs)
	if err != nil {
		return err
	}
	var b []byte
	switch format {
	case "conf":
		b, err = auth.Conf()
	case "helm":
		b, err = auth.HelmValues()
	default:
		return fmt.Errorf("-format %q is not conf or helm", format)
	}
	if err != nil {
		return err
	}
	if out == "" {
		_, err = os.Stdout.Write(b)
		return err
	}
	return os.WriteFile(out, b, 0o600)
}
