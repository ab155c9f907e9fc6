package app

import (
	"context"
	"strconv"

	"github.com/hellowork-jp/hellowork/libs/authn"
)

// staffRead audits a read of establishment data by office staff (issue 9 M4, ASVS
// 16.3.2, TestAudit_StaffReadsAudited): the actor with their office (audit.ActorFrom),
// the time from the injected clock, the action "<noun>.read" and the target (the
// establishment, a subject within it, or for an office list the office and how many
// rows it showed). An employer or a service reading is not staff access and is not
// audited here. A read whose row cannot be written fails: no unaudited staff read.
func (a *App) staffRead(ctx context.Context, p authn.Principal, action, estID, subjectID string, detail map[string]string) error {
	if p.Role != authn.RoleStaff {
		return nil
	}
	return a.ok(ctx, p, action, estID, subjectID, detail)
}

// officeList is the detail of a staff read of an office-wide list.
func officeList(p authn.Principal, rows int) map[string]string {
	return map[string]string{"office_code": p.OfficeCode, "rows": strconv.Itoa(rows)}
}
