package posting

import (
	"testing"

	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/finding"
)

// §2.4 (S17): which pending applications wait for every applicant's selection result.
// The fixture's live content has 採用人数 2.
func TestNeedsSelectionResults_StopCancelAndFewerOpenings(t *testing.T) {
	change := func(openings int) func(*Posting) {
		return func(p *Posting) {
			c := content()
			c.Category.Openings = openings
			p.Pending = &Application{Kind: AppChange, Content: &c}
		}
	}
	cases := []struct {
		name    string
		pending func(*Posting)
		want    bool
	}{
		{"no pending application", func(*Posting) {}, false},
		{"募集停止", func(p *Posting) { p.Pending = &Application{Kind: AppStop} }, true},
		{"取消", func(p *Posting) { p.Pending = &Application{Kind: AppCancel} }, true},
		{"有効期間延長", func(p *Posting) { p.Pending = &Application{Kind: AppExtension} }, false},
		{"change lowering 採用人数 2 → 1", change(1), true},
		{"change keeping 採用人数 2", change(2), false},
		{"change raising 採用人数 2 → 3", change(3), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := published(t)
			c.pending(p)
			if got := p.NeedsSelectionResults(); got != c.want {
				t.Errorf("NeedsSelectionResults = %v, want %v", got, c.want)
			}
		})
	}
}

func TestRefuseUnresolvedApplicants_NamesTheCount(t *testing.T) {
	if err := RefuseUnresolvedApplicants(0); err != nil {
		t.Errorf("no unresolved applicants refused: %v", err)
	}
	err := RefuseUnresolvedApplicants(3)
	if reasonOf(err) != finding.SelectionResultsPending {
		t.Fatalf("3 unresolved: %v", err)
	}
	r := err.(*finding.Refusal)
	if err := r.Validate(); err != nil || len(r.Params) != 2 || r.Params[1] != "3" {
		t.Errorf("params %v (%v)", r.Params, err)
	}
}
