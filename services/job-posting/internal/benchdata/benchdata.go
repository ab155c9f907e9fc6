// Package benchdata generates published postings in bulk for the search benchmarks
// (internal/service's BenchmarkJobPosting_Search and the gateway's make bench-search):
// copies of one published template posting with varied occupation and text,
// municipality, employment form, wage and scope, written with the rows and search
// cards the repository itself derives (postgres.PostingRow, postgres.SearchRow,
// grpcapi.Card), in bulk (COPY). Not part of the service.
package benchdata

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/hellowork-jp/hellowork/services/job-posting/internal/adapters/postgres"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/app"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/codes"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/deadline"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/number"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/posting"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/wage"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/worktime"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/ports/grpcapi"
)

// Occupations are the 職種 and 仕事内容 the generated postings cycle through: each
// keyword of the benchmark mix is in one in eight postings.
var Occupations = [][2]string{
	{"介護職員", "特別養護老人ホームでの介護業務"}, {"一般事務", "書類作成と電話応対"}, {"法人営業", "既存顧客への提案営業"},
	{"調理補助", "社員食堂での調理と盛り付け"}, {"倉庫内作業", "ピッキングと検品"}, {"看護師", "外来での診療補助"},
	{"システムエンジニア", "業務システムの設計開発"}, {"販売スタッフ", "店舗での接客とレジ"},
}

// Load adds n published postings made from the published posting templateID; the
// i-th is published i seconds before the template. It returns how long it took.
func Load(ctx context.Context, pool *pgxpool.Pool, templateID string, n int) (time.Duration, error) {
	start := time.Now()
	repo := postgres.NewPostings(pool, renderer)
	tpl, err := repo.Get(ctx, templateID)
	if err != nil {
		return 0, fmt.Errorf("benchdata: template %s: %w", templateID, err)
	}
	var name string
	if err := pool.QueryRow(ctx, `SELECT name FROM establishments WHERE id = $1`, tpl.EstablishmentID).Scan(&name); err != nil {
		return 0, fmt.Errorf("benchdata: establishment: %w", err)
	}
	if err := copies(ctx, pool, tpl, name, 1, n); err != nil {
		return 0, err
	}
	return time.Since(start), nil
}

// Seed writes, into an empty job-posting schema, an opened establishment of office 1301
// and n published postings in 千代田区 and around (a complete, lawful full-time posting:
// 250,000 yen a month, the component tests' fixture) published until now.
func Seed(ctx context.Context, pool *pgxpool.Pool, n int, now time.Time) (time.Duration, error) {
	start := time.Now()
	const est, name = "bench-establishment", "ベンチ株式会社"
	if _, err := pool.Exec(ctx, `INSERT INTO establishments (id, name, office_code, office_name, opened, updated_at)
		VALUES ($1, $2, '1301', '飯田橋', true, $3) ON CONFLICT (id) DO NOTHING`, est, name, now); err != nil {
		return 0, fmt.Errorf("benchdata: establishment: %w", err)
	}
	num, err := number.New("13010", 49_999_999)
	if err != nil {
		return 0, err
	}
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, now.Location())
	tpl := &posting.Posting{ID: "bench-000000", EstablishmentID: est, OfficeCode: "1301", Channel: deadline.ChannelMyPage,
		State: posting.StatePublished, Content: template(), CreatedBy: "bench", SubmittedBy: "bench", Number: num,
		SubmittedAt: now.Add(-72 * time.Hour), PublishBy: today, AcceptedOn: today.AddDate(0, 0, -1), PublishedAt: now,
		ReferralDeadline: today.AddDate(0, 2, 0), ContentVersion: 1, CreatedAt: now.Add(-96 * time.Hour), UpdatedAt: now}
	if err := copies(ctx, pool, tpl, name, 0, n-1); err != nil {
		return 0, err
	}
	return time.Since(start), nil
}

// template is a complete, lawful full-time posting in 千代田区.
func template() posting.Content {
	return posting.Content{
		Category: &posting.CategorySection{Category: codes.CategoryGeneral, TimeClass: codes.FullTime, Scope: codes.ScopeFull,
			Online: codes.OnlineAccepted, Openings: 2, RecruitmentReason: "増員"},
		Workplace: &posting.WorkplaceSection{PostalCode: "100-8916", Municipality: "13101", Address: "霞が関1-2-2",
			NearestStation: "霞ケ関駅", Transport: "徒歩", TravelMinutes: 3, SmokingMeasure: true, SmokingNote: "屋内禁煙"},
		Job: &posting.JobSection{Occupation: "一般事務", Description: "書類作成、電話応対、データ入力などの事務", Form: codes.FormRegular,
			Dispatch: codes.DispatchNone, Education: codes.NotRequired, Experience: codes.NotRequired,
			Licences: codes.NotRequired, DriverLicence: codes.LicenceNotNeeded},
		Wage: &wage.Section{Pay: wage.Pay{Form: codes.PayMonthly, Base: wage.Range{Lower: 230_000, Upper: 280_000},
			Allowances: []wage.Allowance{{Name: "職務手当", Kind: wage.AllowanceRegular, Amount: wage.Range{Lower: 20_000}}}},
			MonthlyWorkDays: 200, ClosingDay: 31, PayMonth: 1, PayDay: 25},
		Hours: &worktime.Section{Shifts: []worktime.Shift{{Start: 9 * 60, End: 18 * 60}}, BreakMinutes: 60,
			AnnualHolidays: 120, DaysOff: []codes.Weekday{codes.Saturday, codes.Sunday, codes.NationalHolidays},
			TwoDaysOff: codes.TwoDaysOffEveryWeek, PaidLeaveAfter6M: 10},
		Benefits: &posting.BenefitsSection{Insurances: []codes.Insurance{codes.InsEmployment, codes.InsWorkersComp, codes.InsHealth, codes.InsPension},
			RetirementAge: 60, Reemployment: true, ReemploymentUpTo: 65},
		PR: &posting.PRSection{PR: "未経験の方も歓迎します。", Features: []codes.Feature{codes.FeatureSmokingMeasures}},
		Selection: &posting.SelectionSection{Methods: []codes.SelectionMethod{codes.SelectDocuments, codes.SelectInterview},
			ResultDays: 7, Documents: "履歴書、職務経歴書",
			Contact: posting.Contact{Title: "総務課長", Name: "厚労 太郎", Phone: "03-5253-1111", Email: "saiyo@example.co.jp"}},
	}
}

var renderer = postgres.CardRenderer{Version: grpcapi.CardVersion, Render: grpcapi.Card}

// copies writes the copies from..to of tpl (copy 0 is tpl itself, published as it is)
// with their search rows, then analyses both tables.
func copies(ctx context.Context, pool *pgxpool.Pool, tpl *posting.Posting, name string, from, to int) error {
	var err error
	const batch = 5000
	for lo := from; lo <= to; lo += batch {
		var posts, search [][]any
		for i := lo; i < lo+batch && i <= to; i++ {
			var p = *tpl
			p.Content = tpl.Content.Clone()
			if i > 0 {
				p.ID = fmt.Sprintf("bench-%06d", i)
			}
			if i > 0 {
				if p.Number, err = number.New(tpl.Number.Prefix(), 50_000_000+i); err != nil {
					return err
				}
			}
			p.PublishedAt = tpl.PublishedAt.Add(-time.Duration(i) * time.Second)
			o := Occupations[i%len(Occupations)]
			p.Content.Job.Occupation, p.Content.Job.Description = o[0], o[1]
			p.Content.Job.Form = codes.EmploymentForm(1 + (i/3)%2) // independent of the wage and the occupation
			p.Content.Workplace.Municipality = fmt.Sprintf("131%02d", 1+i%23)
			p.Content.Wage.Base.Lower = 180_000 + (i%200)*1000
			p.Content.Wage.Base.Upper = max(p.Content.Wage.Base.Upper, p.Content.Wage.Base.Lower)
			if i%10 == 0 {
				p.Content.Category.Scope = codes.ScopeAnonymous
			} else {
				p.Content.Category.Scope = codes.ScopeFull
			}
			row, err := postgres.PostingRow(&p)
			if err != nil {
				return err
			}
			posts = append(posts, row)
			it := app.PublicItem{Posting: &p, Content: p.PublicContent()}
			if p.Content.Category.Scope.ShowsEstablishment() {
				it.EstablishmentName = name
			}
			srow, err := postgres.SearchRow(it, renderer)
			if err != nil {
				return err
			}
			search = append(search, srow)
		}
		if err := copyRows(ctx, pool, "postings", postgres.PostingColumns, posts); err != nil {
			return err
		}
		if err := copyRows(ctx, pool, "search_postings", postgres.SearchColumns, search); err != nil {
			return err
		}
	}
	for _, t := range []string{"postings", "search_postings"} {
		if _, err := pool.Exec(ctx, `ANALYZE `+t); err != nil {
			return err
		}
	}
	return nil
}

func copyRows(ctx context.Context, pool *pgxpool.Pool, table, columns string, rows [][]any) error {
	cols := strings.Split(columns, ",")
	for i, c := range cols {
		cols[i] = strings.TrimSpace(c)
	}
	if _, err := pool.CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromRows(rows)); err != nil {
		return fmt.Errorf("benchdata: copy into %s: %w", table, err)
	}
	return nil
}
