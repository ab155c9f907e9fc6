package posting

import (
	"strconv"

	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/finding"
)

// NeedsSelectionResults (domain.md §2.4, S17: "To change the headcount or cancel a
// posting, first register the selection results of its applicants") says whether the
// pending application may go to the office only once every applicant of the posting
// has a selection result: a stop (募集停止), a cancellation (取消), or a change that
// lowers 採用人数 below the live content's. Raising or keeping it, an extension, or no
// pending application need nothing.
func (p *Posting) NeedsSelectionResults() bool {
	if p.Pending == nil {
		return false
	}
	switch p.Pending.Kind {
	case AppStop, AppCancel:
		return true
	case AppChange:
		proposed, live := p.Pending.Content, p.Content
		return proposed != nil && proposed.Category != nil && live.Category != nil &&
			proposed.Category.Openings < live.Category.Openings
	}
	return false
}

// RefuseUnresolvedApplicants is the §2.4 refusal while unresolved applicants (those
// without a selection result) remain; nil when there are none. The message names the
// count.
func RefuseUnresolvedApplicants(unresolved int) error {
	if unresolved <= 0 {
		return nil
	}
	return finding.Refuse(finding.SelectionResultsPending, "count", strconv.Itoa(unresolved))
}
