// Package benchdata generates seekers and applicants in bulk for applicant-selection's
// benchmark through the REST edge (gateway/e2e, make bench-appsel): published seeker
// profiles written with the rows the repository itself derives (postgres.SeekerRow:
// the search columns of SEEK-1), by COPY; one valid posting of an establishment in the
// postings read model; and that posting's applicants through the repository. Not part
// of the service.
package benchdata

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/hellowork-jp/hellowork/libs/clock"
	"github.com/hellowork-jp/hellowork/libs/pgkit"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/adapters/postgres"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/application"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/posting"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/seeker"
)

// Occupations are the desired occupations and self-PR texts the generated profiles
// cycle through: each keyword of the benchmark mix (介護, 事務, システム 設計) is in
// one profile in eight, inside longer text.
var Occupations = []struct{ Code, Name, PR string }{
	{"5301", "介護職員", "特別養護老人ホームで介護業務を5年経験しました。"}, {"2501", "一般事務", "書類作成と電話応対の事務経験があります。"},
	{"3201", "法人営業", "既存顧客への提案営業が得意です。"}, {"4101", "調理補助", "社員食堂での調理と盛り付けをしていました。"},
	{"7101", "倉庫内作業", "ピッキングと検品の経験があります。"}, {"5101", "看護師", "外来での診療補助をしていました。"},
	{"1101", "システムエンジニア", "業務システムの設計開発に携わりました。"}, {"4701", "販売スタッフ", "店舗での接客とレジを担当しました。"},
}

var licences = []string{"普通自動車免許", "日商簿記2級", "介護福祉士", "基本情報技術者", "フォークリフト運転技能者"}

var municipalities = []string{"千代田区", "中央区", "港区", "新宿区", "文京区", "台東区", "墨田区", "江東区"}

// Seeker is the i-th generated seeker: visibly synthetic (ベンチ), a 利用登録者 of
// office 1301 valid for a year, publishing a profile (every tenth does not).
func Seeker(i int, now time.Time) *seeker.Seeker {
	o := Occupations[i%len(Occupations)]
	s := &seeker.Seeker{Number: seeker.MustNumber(fmt.Sprintf("13019-%08d", i)), Kind: seeker.KindRegistered,
		ValidUntil: clock.DateJST(now).AddDate(1, 0, 0), HasMyPage: true,
		ContactOffice: seeker.Office{Code: "1301", Name: "ハローワーク飯田橋"},
		Personal: seeker.Personal{Name: fmt.Sprintf("ベンチ 求職者%06d", i), Kana: "ベンチ キュウショクシャ",
			BirthDate: time.Date(1960+i%45, time.Month(1+i%12), 1+i%28, 0, 0, 0, 0, clock.JST),
			Phone:     fmt.Sprintf("090-0000-%04d", i%10000), Email: fmt.Sprintf("bench-seeker-%d@example.invalid", i),
			Address: "ベンチ町1-1"},
		UpdatedAt: now}
	if i%10 == 9 {
		return s
	}
	s.Profile = &seeker.Profile{
		DesiredOccupations: []seeker.Occupation{{Code: o.Code, Name: o.Name}},
		DesiredPrefectures: []int{13, 11 + i%4}, EmploymentForms: []int{1 + i%3},
		DesiredWage: &seeker.Wage{Form: seeker.WageMonthly, Yen: 180_000 + 1_000*(i%200)},
		Licences:    []string{licences[i%len(licences)]}, Education: seeker.Education(1 + i%6),
		Experience: []seeker.Experience{{Occupation: seeker.Occupation{Code: o.Code, Name: o.Name}, Years: i % 20}},
		PR:         o.PR, ResidencePrefecture: 13, ResidenceMunicipality: municipalities[i%len(municipalities)],
	}
	if s.Profile.DesiredPrefectures[1] == 13 {
		s.Profile.DesiredPrefectures = s.Profile.DesiredPrefectures[:1]
	}
	return s
}

// PostingID is the generated establishment's valid posting.
const PostingID = "bench-posting"

// Load writes n seekers, the valid posting of establishment est and its applicants
// (the first applicants seekers, one application each, a minute apart, channels mixed,
// every fourth with a result), then ANALYZEs. It returns how long it took.
func Load(ctx context.Context, pool *pgxpool.Pool, est string, n, applicants int, now time.Time) (time.Duration, error) {
	start := time.Now()
	rows := make([][]any, 0, n)
	for i := range n {
		row, err := postgres.SeekerRow(Seeker(i, now))
		if err != nil {
			return 0, err
		}
		rows = append(rows, row)
	}
	if _, err := pool.CopyFrom(ctx, pgx.Identifier{"seekers"}, postgres.SeekerColumns, pgx.CopyFromRows(rows)); err != nil {
		return 0, fmt.Errorf("benchdata: seekers: %w", err)
	}
	today := clock.DateJST(now)
	f := posting.Facts{ID: PostingID, EstablishmentID: est, OfficeCode: "1301", OfficeName: "ハローワーク飯田橋",
		JobNumber: "13010-49999999", Occupation: "一般事務", Category: posting.CategoryGeneral, Scope: posting.ScopeFull,
		AcceptsSelfApplication: true, Status: posting.StatusPublished, Version: 1, ReferralDeadline: today.AddDate(0, 2, 0)}
	if err := postgres.NewPostings(pool).Update(ctx, PostingID, func(p *posting.Facts) (bool, error) { *p = f; return true, nil }); err != nil {
		return 0, fmt.Errorf("benchdata: posting: %w", err)
	}
	repo := postgres.NewApplications(pool, application.DefaultReminderPolicy())
	err := pgkit.NewTransactor(pool).InTx(ctx, func(ctx context.Context) error {
		for i := range min(applicants, n) {
			ch := []application.Channel{application.ChannelSelf, application.ChannelCounter, application.ChannelOnlineReferral}[i%3]
			a := &application.Application{ID: fmt.Sprintf("bench-app-%06d", i), EstablishmentID: est, PostingID: PostingID,
				PostingVersion: 1, PostingOffice: seeker.Office{Code: "1301", Name: "ハローワーク飯田橋"}, Category: posting.CategoryGeneral,
				Seeker: seeker.MustNumber(fmt.Sprintf("13019-%08d", i)), SeekerHasMyPage: true, Channel: ch,
				AppliedAt: now.Add(-time.Duration(i) * time.Minute), State: application.StateSelecting}
			if ch.IsReferral() {
				a.ReferringOffice = a.PostingOffice
			} else {
				a.Motivation = "ベンチマーク用の志望動機です。"
			}
			if i%4 == 3 {
				a.State = application.StateDecided // a result in force: out of the pending filter
			}
			if err := repo.Create(ctx, a, nil); err != nil {
				return fmt.Errorf("benchdata: application %d: %w", i, err)
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	if _, err := pool.Exec(ctx, `ANALYZE seekers; ANALYZE applications; ANALYZE postings`); err != nil {
		return 0, err
	}
	return time.Since(start), nil
}
