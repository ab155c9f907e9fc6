// Command seekersim plays the seeker portal (求職者マイページ) against a local stack
// (make run): it registers visibly synthetic demo seekers, applies to postings, reads
// and answers messages and shows selection result notices, through applicant-selection's
// SeekerPortalService with the portal's service credential (libs/seekerportal).
//
//	seekersim seed [-n 3]                          demo seekers 99999-00000001.. (2 is a 利用登録者)
//	seekersim apply -seeker 1 -posting ID [-referral | -request ID] [-motivation TEXT]
//	seekersim requests -seeker 1                   直接リクエスト received (SEEK-1)
//	seekersim messages -seeker 1 -applicant ID     the thread (marks the employer's messages read)
//	seekersim messages -seeker 1 -request ID       the thread of a 直接リクエスト
//	seekersim reply -seeker 1 -applicant ID -body TEXT
//	seekersim reply -seeker 1 -request ID -body TEXT   answer a 直接リクエスト
//	seekersim notices -seeker 1                    selection result notices
//
// Environment: APPLICANT_SELECTION_ADDR (default 127.0.0.1:9104), TOKEN_SIGNING_KEY
// (default: read from .data/secrets.env, as make run writes it), TOKEN_ISSUER,
// TOKEN_AUDIENCE (identity's defaults).
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	asv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/applicant_selection/v1"
	"github.com/hellowork-jp/hellowork/libs/seekerportal"
)

func env(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

// signingKey is TOKEN_SIGNING_KEY, or the one make run keeps in .data/secrets.env.
func signingKey() string {
	if k := os.Getenv("TOKEN_SIGNING_KEY"); k != "" {
		return k
	}
	dir := env("HW_STATE_HOME", ".")
	f, err := os.Open(filepath.Join(dir, ".data", "secrets.env"))
	if err != nil {
		return ""
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if v, ok := strings.CutPrefix(s.Text(), "TOKEN_SIGNING_KEY="); ok {
			return v
		}
	}
	return ""
}

func number(n int) string { return fmt.Sprintf("99999-%08d", n) }

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: seekersim seed|apply|requests|messages|reply|notices [flags] (see the package comment)")
		os.Exit(2)
	}
	fs := flag.NewFlagSet(os.Args[1], flag.ExitOnError)
	n := fs.Int("n", 3, "seed: how many demo seekers")
	sk := fs.Int("seeker", 1, "demo seeker number")
	postingID := fs.String("posting", "", "posting id")
	applicant := fs.String("applicant", "", "applicant id")
	referral := fs.Bool("referral", false, "apply by オンラインハローワーク紹介 (after the office's offer)")
	request := fs.String("request", "", "the 直接リクエスト id (apply: the one this オンライン自主応募 answers; messages/reply: its thread)")
	motivation := fs.String("motivation", "デモの応募です。事務の経験を活かしたいと考えています。", "志望動機")
	body := fs.String("body", "メッセージありがとうございます。よろしくお願いいたします。", "message")
	_ = fs.Parse(os.Args[2:])

	tokens, err := seekerportal.TokenSource(signingKey(), env("TOKEN_ISSUER", "hellowork-identity"), env("TOKEN_AUDIENCE", "hellowork"))
	if err != nil {
		fail(fmt.Errorf("%w (run from the repository root after make run, or set TOKEN_SIGNING_KEY)", err))
	}
	c, err := seekerportal.Dial(env("APPLICANT_SELECTION_ADDR", "127.0.0.1:9104"), tokens)
	if err != nil {
		fail(err)
	}
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	validUntil := time.Now().AddDate(0, 3, 0).Format(time.DateOnly)

	switch os.Args[1] {
	case "seed":
		for i := 1; i <= *n; i++ {
			kind := asv1.SeekerKind_SEEKER_KIND_ONLINE
			if i == 2 {
				kind = asv1.SeekerKind_SEEKER_KIND_REGISTERED
			}
			res, err := c.RegisterSeeker(ctx, seekerportal.DemoSeeker(i, kind, validUntil))
			if err != nil {
				fail(err)
			}
			fmt.Printf("registered %s (%s)\n", res.GetSeekerNumber(), kind)
		}
	case "apply":
		ch := asv1.Channel_CHANNEL_ONLINE_SELF
		if *referral {
			ch = asv1.Channel_CHANNEL_ONLINE_REFERRAL
		}
		show(c.ApplyOnline(ctx, &asv1.ApplyOnlineRequest{SeekerNumber: number(*sk), PostingId: *postingID, Channel: ch, Motivation: *motivation,
			DirectRequestId: *request}))
	case "requests":
		show(c.ListSeekerDirectRequests(ctx, &asv1.ListSeekerDirectRequestsRequest{SeekerNumber: number(*sk)}))
	case "messages":
		if *request != "" {
			show(c.ListSeekerDirectRequestMessages(ctx, &asv1.ListSeekerDirectRequestMessagesRequest{SeekerNumber: number(*sk),
				DirectRequestId: *request}))
			break
		}
		show(c.ListSeekerMessages(ctx, &asv1.ListSeekerMessagesRequest{SeekerNumber: number(*sk), ApplicantId: *applicant}))
	case "reply":
		if *request != "" {
			show(c.SendSeekerDirectRequestMessage(ctx, &asv1.SendSeekerDirectRequestMessageRequest{SeekerNumber: number(*sk),
				DirectRequestId: *request, Body: *body}))
			break
		}
		show(c.SendSeekerMessage(ctx, &asv1.SendSeekerMessageRequest{SeekerNumber: number(*sk), ApplicantId: *applicant, Body: *body}))
	case "notices":
		show(c.ListSelectionNotices(ctx, &asv1.ListSelectionNoticesRequest{SeekerNumber: number(*sk)}))
	default:
		fail(fmt.Errorf("unknown command %q", os.Args[1]))
	}
}

func show[M proto.Message](m M, err error) {
	if err != nil {
		fail(err)
	}
	fmt.Println(protojson.MarshalOptions{Multiline: true, EmitUnpopulated: false}.Format(m))
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "seekersim:", err)
	os.Exit(1)
}
