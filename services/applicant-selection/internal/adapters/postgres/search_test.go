package postgres_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hellowork-jp/hellowork/libs/clock"
	"github.com/hellowork-jp/hellowork/libs/pgkit"
	"github.com/hellowork-jp/hellowork/libs/testkit/pgtest"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/adapters/postgres"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/seeker"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/migrations"
)

func TestMain(m *testing.M) {
	code := m.Run()
	pgtest.DropPackageDatabase()
	os.Exit(code)
}

var today = time.Date(2026, 6, 1, 10, 0, 0, 0, clock.JST)

// Words the generated profiles draw from: two-character words inside longer ones,
// ひらがな and カタカナ, full-width Latin, so the folding and the bigrams are exercised.
var (
	prWords = []string{"介護福祉士として特別養護老人ホームで勤務", "一般事務と経理事務", "営業事務の経験", "エクセルでの請求書作成",
		"ＥＸＣＥＬ　ＶＢＡ", "えくせるが得意", "ﾌｫｰｸﾘﾌﾄの運転", "システム設計", "接客", "看護"}
	occupations = []seeker.Occupation{{Code: "2501", Name: "一般事務"}, {Code: "2502", Name: "経理事務"}, {Code: "5301", Name: "介護職員"},
		{Code: "3201", Name: "営業"}, {Code: "1101", Name: "システムエンジニア"}}
	licences = []string{"日商簿記2級", "介護福祉士", "普通自動車免許", "ＴＯＥＩＣ８００"}
)

func generated(r *rand.Rand, i int) *seeker.Seeker {
	s := &seeker.Seeker{Number: mustNumber(fmt.Sprintf("13010-%08d", i)), Kind: seeker.KindOnline, HasMyPage: true,
		ValidUntil:    clock.DateJST(today).AddDate(0, 0, r.IntN(5)-2), // yesterday's expiry to 2 days ahead
		ContactOffice: seeker.Office{Code: "1301", Name: "ハローワーク飯田橋"},
		Personal:      seeker.Personal{Name: fmt.Sprintf("検索 太郎%03d", i)}, UpdatedAt: today}
	if r.IntN(6) == 0 {
		return s // publishes nothing
	}
	p := &seeker.Profile{ResidencePrefecture: 13, ResidenceMunicipality: "千代田区", Education: seeker.Education(r.IntN(7))}
	for _, k := range r.Perm(len(occupations))[:1+r.IntN(2)] {
		p.DesiredOccupations = append(p.DesiredOccupations, occupations[k])
	}
	p.DesiredPrefectures = []int{13, 11 + r.IntN(4)}
	if p.DesiredPrefectures[1] == 13 {
		p.DesiredPrefectures = p.DesiredPrefectures[:1]
	}
	p.EmploymentForms = []int{1 + r.IntN(3)}
	if r.IntN(3) > 0 {
		p.DesiredWage = &seeker.Wage{Form: seeker.WageForm(1 + r.IntN(3)), Yen: 1000 + 1000*r.IntN(300)}
	}
	for _, k := range r.Perm(len(licences))[:r.IntN(3)] {
		p.Licences = append(p.Licences, licences[k])
	}
	for range r.IntN(3) {
		p.PR += prWords[r.IntN(len(prWords))] + "。"
	}
	s.Profile = p
	return s
}

func mustNumber(v string) seeker.Number {
	n, err := seeker.ParseNumber(v)
	if err != nil {
		panic(err)
	}
	return n
}

func newIndex(t *testing.T) (*postgres.Seekers, []*seeker.Seeker) {
	t.Helper()
	pool := pgtest.Pool(t, pgtest.NewDatabase(t), "applicant_selection", migrations.FS)
	repo := postgres.NewSeekers(pool)
	r := rand.New(rand.NewPCG(11, 7))
	var all []*seeker.Seeker
	for i := range 400 {
		s := generated(r, i)
		if err := repo.Save(context.Background(), s); err != nil {
			t.Fatal(err)
		}
		all = append(all, s)
	}
	return repo, all
}

// searchAll pages through the SQL search and checks the key order and that no seeker
// comes twice.
func searchAll(t *testing.T, repo *postgres.Seekers, q seeker.Query, page int) []string {
	t.Helper()
	var got []string
	after := ""
	for {
		rows, err := repo.Search(context.Background(), q, today, after, page)
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range rows {
			if x.Key <= after {
				t.Fatalf("%+v: key %s not after %s", q, x.Key, after)
			}
			after = x.Key
			got = append(got, x.Seeker.Number.String())
		}
		if len(rows) < page {
			return got
		}
	}
}

// TestSeekerIndex_SQLAnswersLikeMatches (SEEK-1): the database search returns exactly
// the seekers seeker.Query.Matches accepts (published, registration valid on the JST
// date, every filter), for single filters, combinations and keywords: two-character
// words inside longer text (介護 in 介護福祉士), ひらがな against カタカナ, full-width
// and half-width kana and Latin, one-character terms (no bigram), several terms.
func TestSeekerIndex_SQLAnswersLikeMatches(t *testing.T) {
	repo, all := newIndex(t)
	queries := []seeker.Query{
		{},
		{Keyword: "介護"}, {Keyword: "事務"}, {Keyword: "経理　事務"}, {Keyword: "エクセル"}, {Keyword: "ｅｘｃｅｌ vba"},
		{Keyword: "フォークリフト"}, {Keyword: "看"}, {Keyword: "老人 設計"}, {Keyword: "存在しない語"},
		{Occupation: "25"}, {Occupation: "2501"}, {Occupation: "5"}, {Occupation: "9"},
		{Prefecture: 13}, {Prefecture: 12}, {EmploymentForm: 2},
		{Offered: &seeker.Wage{Form: seeker.WageMonthly, Yen: 150000}}, {Offered: &seeker.Wage{Form: seeker.WageHourly, Yen: 1}},
		{Licences: []string{"介護福祉士"}}, {Licences: []string{"toeic800"}}, {Licences: []string{"日商簿記2級", "普通自動車免許"}},
		{Occupation: "53", Prefecture: 13, Keyword: "介護", Offered: &seeker.Wage{Form: seeker.WageMonthly, Yen: 200000}},
		{EmploymentForm: 1, Prefecture: 14, Keyword: "事務"},
	}
	for _, q := range queries {
		var want []string
		for _, s := range all {
			if q.Matches(s, today) {
				want = append(want, s.Number.String())
			}
		}
		got := searchAll(t, repo, q, 7)
		t.Logf("%+v: %d", q, len(got))
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%+v: the database found %d seekers, the rule %d\n got %v\nwant %v", q, len(got), len(want), got, want)
		}
	}
}

// TestSeekerIndex_ReindexDerivesOlderRows: rows written before the search columns
// existed (index_version 0, empty columns) are not found until Reindex derives them;
// Reindex then leaves nothing to do.
func TestSeekerIndex_ReindexDerivesOlderRows(t *testing.T) {
	pool := pgtest.Pool(t, pgtest.NewDatabase(t), "applicant_selection", migrations.FS)
	repo := postgres.NewSeekers(pool)
	ctx := context.Background()
	r := rand.New(rand.NewPCG(3, 5))
	for i := range 30 {
		s := generated(r, i)
		s.ValidUntil = clock.DateJST(today).AddDate(1, 0, 0)
		if err := repo.Save(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	want := len(searchAll(t, repo, seeker.Query{}, 50))
	if _, err := pool.Exec(ctx, `UPDATE seekers SET index_version = 0, valid_until = NULL, occupation_prefixes = '{}',
		prefectures = '{}', employment_forms = '{}', wage_form = NULL, wage_yen = NULL, licences = '{}', search_text = '', search_grams = '{}'`); err != nil {
		t.Fatal(err)
	}
	if got := searchAll(t, repo, seeker.Query{}, 50); len(got) != 0 {
		t.Fatalf("rows without search columns found: %v", got)
	}
	if n, err := repo.Reindex(ctx); err != nil || n != 30 {
		t.Fatalf("reindex: %d %v", n, err)
	}
	if got := searchAll(t, repo, seeker.Query{}, 50); len(got) != want || want == 0 {
		t.Fatalf("after reindex %d seekers, want %d", len(got), want)
	}
	if n, err := repo.Reindex(ctx); err != nil || n != 0 {
		t.Fatalf("second reindex: %d %v", n, err)
	}
}

// TestBigrams_FindTwoCharacterWordsInsideText: every bigram of a word inside a text is
// a bigram of the text; distinct, first-seen order; one character has none.
func TestBigrams_FindTwoCharacterWordsInsideText(t *testing.T) {
	text := postgres.Bigrams("特別養護老人ホームでの介護業務")
	for _, kw := range []string{"介護", "老人ホーム", "業務"} {
		for _, g := range postgres.Bigrams(kw) {
			if !slices.Contains(text, g) {
				t.Errorf("%s: bigram %s missing", kw, g)
			}
		}
	}
	if got := postgres.Bigrams("営業営業"); !slices.Equal(got, []string{"営業", "業営"}) {
		t.Errorf("distinct bigrams: %v", got)
	}
	if got := postgres.Bigrams("介"); len(got) != 0 {
		t.Errorf("one character has no bigram: %v", got)
	}
}

// TestSeekerIndex_SearchIsPlannedWithItsValues (SEEK-1, issue 11 bench): the search is
// never a named prepared statement of the session, so PostgreSQL never moves it to a
// generic plan (whose one-row estimate for the containments read every match and
// sorted; 50 times the CPU of the key-order plan for prefecture + employment form).
func TestSeekerIndex_SearchIsPlannedWithItsValues(t *testing.T) {
	ctx := context.Background()
	url := pgtest.NewDatabase(t)
	pgtest.Pool(t, url, "applicant_selection", migrations.FS)
	sep := "?"
	if strings.Contains(url, "?") {
		sep = "&"
	}
	pool, err := pgkit.Open(ctx, url+sep+"pool_max_conns=1", "applicant_selection") // one session to look into
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	repo := postgres.NewSeekers(pool)
	for range 6 { // PostgreSQL considers a generic plan from the sixth execution
		if _, err := repo.Search(ctx, seeker.Query{EmploymentForm: 1, Prefecture: 14}, today, "", 21); err != nil {
			t.Fatal(err)
		}
	}
	var n int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE '%FROM seekers ' || 'WHERE searchable%'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Fatalf("the search is a prepared statement of the session (%d): it may get a generic plan", n)
	}
}
