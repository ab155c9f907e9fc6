// Package message is the exchange between an employer and a seeker (MSG-1, domain.md
// §4): one thread per application (or per 直接リクエスト), only with seekers who have
// a 求職者マイページ, sendable only while the posting is valid, read-only afterwards
// until the selection-result deadline, then purged. Every message belongs to the
// employer login account that sent or received it, so deleting an additional
// account deletes the messages exchanged through it (ACC-2) and withdrawal deletes
// them all (ACC-3).
package message

import (
	"time"

	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/application"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/finding"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/posting"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/seeker"
)

// Party is who wrote a message.
type Party string

// Parties. System messages come from Hello Work (e.g. 応募通知(オンラインハローワーク紹介),
// §4) and have no counterpart.
const (
	FromEmployer Party = "EMPLOYER"
	FromSeeker   Party = "SEEKER"
	FromSystem   Party = "SYSTEM"
)

// Policy holds the configurable numbers.
type Policy struct {
	MaxBody int // characters; 2,000 (§4 INFERENCE, issue 11)
	// Retention keeps a thread readable this long after the posting's selection-result
	// deadline before it is purged; 0 purges it the day after the deadline.
	Retention time.Duration
}

// DefaultPolicy is issue 11's: plain text up to 2,000 characters, purged after the
// result deadline.
func DefaultPolicy() Policy { return Policy{MaxBody: 2000} }

// Thread is the conversation about one application or one direct request.
type Thread struct {
	ID              string
	EstablishmentID string
	PostingID       string
	ApplicationID   string // one of ApplicationID and DirectRequestID is set
	DirectRequestID string
	Seeker          seeker.Number
	// Owner is the employer login account the thread belongs to: the seeker's
	// messages are received by it (MSG-1, ACC-2).
	Owner     string
	CreatedAt time.Time
}

// Message is one message of a thread.
type Message struct {
	ID              string
	ThreadID        string
	EstablishmentID string
	From            Party
	// AccountID is the employer login account the message belongs to: its sender for
	// an employer message, the thread's owner that received it otherwise.
	AccountID string
	Body      string
	SentAt    time.Time
	ReadAt    time.Time // read by the recipient (the employer for seeker and system messages)
}

// OpenForApplication opens the thread of an application (MSG-1: only with a seeker
// who has a MyPage). The owner is the account that submitted the posting (its
// department, ACC-2), or the primary account when that is unknown or gone.
func OpenForApplication(id string, a *application.Application, p posting.Facts, primary string, now time.Time) (*Thread, error) {
	if !a.SeekerHasMyPage {
		return nil, finding.Refuse(finding.SeekerNoMyPage)
	}
	owner := p.SubmittedBy
	if owner == "" {
		owner = primary
	}
	return &Thread{ID: id, EstablishmentID: a.EstablishmentID, PostingID: a.PostingID, ApplicationID: a.ID,
		Seeker: a.Seeker, Owner: owner, CreatedAt: now}, nil
}

// OpenForDirectRequest opens the thread of a 直接リクエスト; its owner is the account
// that sent the request. The request's own message is its first message.
func OpenForDirectRequest(id, establishmentID, postingID, requestID string, s seeker.Number, sentBy string, now time.Time) *Thread {
	return &Thread{ID: id, EstablishmentID: establishmentID, PostingID: postingID, DirectRequestID: requestID,
		Seeker: s, Owner: sentBy, CreatedAt: now}
}

// RequestMessage is a 直接リクエスト's own message, the first of its thread (MSG-1,
// SEEK-1): from the employer account that sent the request, which owns the thread.
// The request's policy has checked it (length, the posting, the seeker).
func RequestMessage(id string, t *Thread, body string, now time.Time) *Message {
	return &Message{ID: id, ThreadID: t.ID, EstablishmentID: t.EstablishmentID, From: FromEmployer,
		AccountID: t.Owner, Body: body, SentAt: now}
}

// Window is what a thread allows on a given day.
type Window int

// Windows.
const (
	WindowOpen     Window = 1 // the posting is valid: send and read
	WindowReadOnly Window = 2 // invalid, up to the result deadline (+ retention): read only
	WindowPurge    Window = 3 // after that: the thread is purged
)

var windowNames = map[Window]string{WindowOpen: "open", WindowReadOnly: "read_only", WindowPurge: "purge"}

func (w Window) String() string { return windowNames[w] }

// WindowAt is the thread's window on the JST date of now, from its posting.
func (pol Policy) WindowAt(p posting.Facts, now time.Time) Window {
	dl, ok := p.At(now).ResultDeadline()
	switch {
	case !ok:
		return WindowOpen
	case now.Before(dl.AddDate(0, 0, 1).Add(pol.Retention)):
		return WindowReadOnly
	}
	return WindowPurge
}

// Purge reports whether the threads of the posting are to be purged now (MSG-1: read
// only after the posting became invalid until the selection-result deadline, plus the
// configured retention, then purged). A valid posting's threads never are.
func (pol Policy) Purge(p posting.Facts, now time.Time) bool {
	return pol.WindowAt(p, now) == WindowPurge
}

// checkBody cleans and checks a message body.
func (pol Policy) checkBody(body string) (string, error) {
	body = finding.Clean(body)
	var fs finding.Findings
	finding.Text{Label: "メッセージ", Max: pol.MaxBody, Required: true, Multiline: true}.Check(&fs, "body", body)
	return body, fs.Refusal()
}

func (pol Policy) checkSend(p posting.Facts, now time.Time) error {
	switch pol.WindowAt(p, now) {
	case WindowOpen:
		return nil
	case WindowReadOnly:
		return finding.Refuse(finding.MessagePostingNotValid)
	}
	return finding.Refuse(finding.MessageThreadClosed)
}

// EmployerSends writes an employer's message from account (MSG-1): only while the
// posting is valid, only to a seeker reachable through a MyPage with a valid
// registration; in a direct-request thread only while the seeker still publishes the
// profile (SEEK-1: a withdrawn profile ends unsolicited contact).
func (pol Policy) EmployerSends(id string, t *Thread, account, body string, p posting.Facts, s *seeker.Seeker, now time.Time) (*Message, error) {
	body, err := pol.checkBody(body)
	if err != nil {
		return nil, err
	}
	if err := pol.checkSend(p, now); err != nil {
		return nil, err
	}
	if err := s.CheckReachable(now); err != nil {
		return nil, err
	}
	if t.DirectRequestID != "" && !s.Publishes() {
		return nil, finding.Refuse(finding.SeekerProfileNotPublished)
	}
	return &Message{ID: id, ThreadID: t.ID, EstablishmentID: t.EstablishmentID, From: FromEmployer,
		AccountID: account, Body: body, SentAt: now}, nil
}

// Notice is the mail a seeker's message sets off: to the owner account's login
// e-mail, without the body (§4).
type Notice struct {
	Account  string
	ThreadID string
}

// SeekerSends writes the seeker's message, received by the thread's owner (MSG-1):
// only while the posting is valid. It returns the mail notice for the employer.
func (pol Policy) SeekerSends(id string, t *Thread, body string, p posting.Facts, s *seeker.Seeker, now time.Time) (*Message, Notice, error) {
	body, err := pol.checkBody(body)
	if err != nil {
		return nil, Notice{}, err
	}
	if err := pol.checkSend(p, now); err != nil {
		return nil, Notice{}, err
	}
	if !s.HasMyPage {
		return nil, Notice{}, finding.Refuse(finding.SeekerNoMyPage)
	}
	m := &Message{ID: id, ThreadID: t.ID, EstablishmentID: t.EstablishmentID, From: FromSeeker,
		AccountID: t.Owner, Body: body, SentAt: now}
	return m, Notice{Account: t.Owner, ThreadID: t.ID}, nil
}

// System writes a Hello Work message into the thread (no window: it records what
// happened, e.g. the 応募通知).
func System(id string, t *Thread, body string, now time.Time) *Message {
	return &Message{ID: id, ThreadID: t.ID, EstablishmentID: t.EstablishmentID, From: FromSystem,
		AccountID: t.Owner, Body: body, SentAt: now}
}

// ApplicationNotice is the body of 応募通知(オンラインハローワーク紹介) (§3.1): the
// referring office, 求人番号, 職種 and the seeker's name.
func ApplicationNotice(l *application.ReferralLetter) string {
	return "応募通知（オンラインハローワーク紹介）\n" +
		"紹介を行ったハローワーク：" + l.ReferringOffice.Name + "\n" +
		"求人番号：" + l.JobNumber + "\n" +
		"職種：" + l.Occupation + "\n" +
		"求職者氏名：" + l.SeekerName
}

// CheckReadable refuses reading a purged thread.
func (pol Policy) CheckReadable(p posting.Facts, now time.Time) error {
	if pol.WindowAt(p, now) == WindowPurge {
		return finding.Refuse(finding.MessageThreadClosed)
	}
	return nil
}

// MarkRead records that reader read the message; only its recipient's reading counts
// and the first reading is kept. It reports whether anything changed.
func (m *Message) MarkRead(reader Party, now time.Time) bool {
	recipient := FromEmployer
	if m.From == FromEmployer {
		recipient = FromSeeker
	}
	if reader != recipient || !m.ReadAt.IsZero() {
		return false
	}
	m.ReadAt = now
	return true
}

// Unread reports whether the message waits to be read by its recipient.
func (m *Message) Unread() bool { return m.ReadAt.IsZero() }

// NewForEmployer counts the establishment's unread messages from seekers and Hello
// Work: the home screen's 「新着メッセージ N件」 (LOGIN-6).
func NewForEmployer(msgs []*Message) int {
	n := 0
	for _, m := range msgs {
		if m.From != FromEmployer && m.Unread() {
			n++
		}
	}
	return n
}

// OfAccount returns the messages that belong to account: what deleting that
// additional account deletes (ACC-2). Deleting twice finds nothing the second time.
func OfAccount(msgs []*Message, account string) []*Message {
	var out []*Message
	for _, m := range msgs {
		if account != "" && m.AccountID == account {
			out = append(out, m)
		}
	}
	return out
}

// Reassign gives the threads owned by a deleted account to the primary account, so
// the seeker's later messages still reach someone (ACC-2). It returns the threads
// changed.
func Reassign(threads []*Thread, deleted, primary string) []*Thread {
	var out []*Thread
	for _, t := range threads {
		if t.Owner == deleted {
			t.Owner = primary
			out = append(out, t)
		}
	}
	return out
}
