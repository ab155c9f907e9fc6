package codes

// The code lists below are the values the public search filters on (§2.5, "The search
// side also has these filter fields"); the posting stores them so that search needs no
// text matching for them.

// PayForm is the form of the 基本給: the search distinguishes 月給 from the others, and
// the minimum-wage check converts each differently (§2.6).
type PayForm int

// Pay forms.
const (
	PayMonthly PayForm = 1 // 月給
	PayDaily   PayForm = 2 // 日給
	PayHourly  PayForm = 3 // 時給
)

var payFormLabels = map[PayForm]string{PayMonthly: "月給", PayDaily: "日給", PayHourly: "時給"}

// Label is the Japanese name.
func (p PayForm) Label() string { return label(payFormLabels, p) }

// WeeklyTwoDaysOff is 週休二日制.
type WeeklyTwoDaysOff int

// Values.
const (
	TwoDaysOffEveryWeek WeeklyTwoDaysOff = 1 // 毎週
	TwoDaysOffOther     WeeklyTwoDaysOff = 2 // その他（隔週など）
	TwoDaysOffNone      WeeklyTwoDaysOff = 3 // なし
)

var twoDaysOffLabels = map[WeeklyTwoDaysOff]string{TwoDaysOffEveryWeek: "毎週", TwoDaysOffOther: "その他", TwoDaysOffNone: "なし"}

// Label is the Japanese name.
func (w WeeklyTwoDaysOff) Label() string { return label(twoDaysOffLabels, w) }

// WorkingTimeSystem is one of the special working-time systems the search filters on.
type WorkingTimeSystem int

// Systems.
const (
	SystemShift      WorkingTimeSystem = 1 // 交代制
	SystemDiscretion WorkingTimeSystem = 2 // 裁量労働制
	SystemVariable   WorkingTimeSystem = 3 // 変形労働時間制
)

var systemLabels = map[WorkingTimeSystem]string{SystemShift: "交代制", SystemDiscretion: "裁量労働制", SystemVariable: "変形労働時間制"}

// Label is the Japanese name.
func (s WorkingTimeSystem) Label() string { return label(systemLabels, s) }

// DispatchContract is 派遣・請負等.
type DispatchContract int

// Values.
const (
	DispatchNone       DispatchContract = 1 // 派遣・請負ではない
	DispatchWorker     DispatchContract = 2 // 派遣
	DispatchContractor DispatchContract = 3 // 請負
)

var dispatchLabels = map[DispatchContract]string{DispatchNone: "派遣・請負ではない", DispatchWorker: "派遣", DispatchContractor: "請負"}

// Label is the Japanese name.
func (d DispatchContract) Label() string { return label(dispatchLabels, d) }

// ContractRenewal is 契約更新の可能性 of a fixed-term contract (§2.2).
type ContractRenewal int

// Values.
const (
	RenewalAsARule     ContractRenewal = 1 // 原則更新
	RenewalConditional ContractRenewal = 2 // 条件付きで更新あり
	RenewalNone        ContractRenewal = 3 // 更新なし
)

var contractRenewalLabels = map[ContractRenewal]string{RenewalAsARule: "原則更新", RenewalConditional: "条件付きで更新あり", RenewalNone: "更新なし"}

// Label is the Japanese name.
func (c ContractRenewal) Label() string { return label(contractRenewalLabels, c) }

// Requirement is how a qualification (学歴, 経験, 免許・資格) is asked for; 不問 is what
// the search's 学歴不問 / 経験不問 / 免許資格不問 filters find.
type Requirement int

// Values.
const (
	NotRequired Requirement = 1 // 不問
	Mandatory   Requirement = 2 // 必須
	Preferred   Requirement = 3 // あれば尚可
)

var requirementLabels = map[Requirement]string{NotRequired: "不問", Mandatory: "必須", Preferred: "あれば尚可"}

// Label is the Japanese name.
func (r Requirement) Label() string { return label(requirementLabels, r) }

// HousingType is 入居可能住宅.
type HousingType int

// Values.
const (
	HousingSingle HousingType = 1 // 単身用
	HousingFamily HousingType = 2 // 世帯用
)

var housingLabels = map[HousingType]string{HousingSingle: "単身用", HousingFamily: "世帯用"}

// Label is the Japanese name.
func (h HousingType) Label() string { return label(housingLabels, h) }

// EmployeeBand is the 従業員数 band of the search (10 / 100 / 300 / 1000).
type EmployeeBand int

// Bands.
const (
	EmployeesUpTo9    EmployeeBand = 1 // 10人未満
	Employees10to99   EmployeeBand = 2 // 10人以上
	Employees100to299 EmployeeBand = 3 // 100人以上
	Employees300to999 EmployeeBand = 4 // 300人以上
	Employees1000Plus EmployeeBand = 5 // 1000人以上
)

var bandLabels = map[EmployeeBand]string{
	EmployeesUpTo9: "10人未満", Employees10to99: "10人以上", Employees100to299: "100人以上",
	Employees300to999: "300人以上", Employees1000Plus: "1000人以上",
}

// Label is the Japanese name.
func (b EmployeeBand) Label() string { return label(bandLabels, b) }

// BandOf gives the band of a head count.
func BandOf(employees int) EmployeeBand {
	switch {
	case employees >= 1000:
		return Employees1000Plus
	case employees >= 300:
		return Employees300to999
	case employees >= 100:
		return Employees100to299
	case employees >= 10:
		return Employees10to99
	}
	return EmployeesUpTo9
}

// Feature is one of the こだわり条件 the employer ticks in section 7 (the その他 group
// of the search; 学歴不問 etc. and 週休二日 derive from other fields).
type Feature int

// Features.
const (
	FeatureNoDocumentScreening Feature = 1  // 書類選考なし
	FeatureRegularConversion   Feature = 2  // 正社員登用あり
	FeatureCarCommute          Feature = 3  // マイカー通勤可
	FeatureNoTransfer          Feature = 4  // 転勤の可能性なし
	FeatureRemoteWork          Feature = 5  // 在宅勤務
	FeatureNearStation         Feature = 6  // 駅近（徒歩10分以内）
	FeatureSmokingMeasures     Feature = 7  // 受動喫煙対策あり
	FeatureTrialEmployment     Feature = 8  // トライアル雇用併用求人
	FeatureUIJTurn             Feature = 9  // UIJターン歓迎求人
	FeatureChildcare           Feature = 10 // 託児施設あり
)

var featureLabels = map[Feature]string{
	FeatureNoDocumentScreening: "書類選考なし", FeatureRegularConversion: "正社員登用あり",
	FeatureCarCommute: "マイカー通勤可", FeatureNoTransfer: "転勤の可能性なし", FeatureRemoteWork: "在宅勤務",
	FeatureNearStation: "駅近（徒歩10分以内）", FeatureSmokingMeasures: "受動喫煙対策あり",
	FeatureTrialEmployment: "トライアル雇用併用求人", FeatureUIJTurn: "UIJターン歓迎求人", FeatureChildcare: "託児施設あり",
}

// Label is the Japanese name.
func (f Feature) Label() string { return label(featureLabels, f) }

// DriverLicence is 普通自動車運転免許 as the search asks for it.
type DriverLicence int

// Values.
const (
	LicenceNotNeeded DriverLicence = 1 // 不要
	LicenceMandatory DriverLicence = 2 // 必須
	LicencePreferred DriverLicence = 3 // あれば尚可
)

var licenceLabels = map[DriverLicence]string{LicenceNotNeeded: "不要", LicenceMandatory: "必須", LicencePreferred: "あれば尚可"}

// Label is the Japanese name.
func (d DriverLicence) Label() string { return label(licenceLabels, d) }

// SelectionMethod is one 選考方法.
type SelectionMethod int

// Methods.
const (
	SelectDocuments SelectionMethod = 1 // 書類選考
	SelectInterview SelectionMethod = 2 // 面接
	SelectWritten   SelectionMethod = 3 // 筆記試験
	SelectAptitude  SelectionMethod = 4 // 適性検査
	SelectOther     SelectionMethod = 5 // その他
)

var selectionLabels = map[SelectionMethod]string{
	SelectDocuments: "書類選考", SelectInterview: "面接", SelectWritten: "筆記試験", SelectAptitude: "適性検査", SelectOther: "その他",
}

// Label is the Japanese name.
func (s SelectionMethod) Label() string { return label(selectionLabels, s) }

// Weekday is a day of the 休日 field; Holidays is 祝日.
type Weekday int

// Days, Monday first as on the 求人票.
const (
	Monday Weekday = iota + 1
	Tuesday
	Wednesday
	Thursday
	Friday
	Saturday
	Sunday
	NationalHolidays
)

var weekdayLabels = map[Weekday]string{Monday: "月", Tuesday: "火", Wednesday: "水", Thursday: "木", Friday: "金", Saturday: "土", Sunday: "日", NationalHolidays: "祝日"}

// Label is the Japanese name.
func (w Weekday) Label() string { return label(weekdayLabels, w) }

// AgeException is the statutory exception that allows an age limit (労働施策総合推進法
// 施行規則 1条の3第1項; §2.1). Without one, recruitment is 年齢不問.
type AgeException int

// Exceptions.
const (
	AgeRetirement    AgeException = 1 // 1号: 定年年齢を上限とし、期間の定めのない労働契約で募集
	AgeByLaw         AgeException = 2 // 2号: 法令の規定により年齢制限がある
	AgeYouthCareer   AgeException = 3 // 3号イ: 長期勤続によるキャリア形成のため若年者等を募集
	AgeSkillTransfer AgeException = 4 // 3号ロ: 技能・ノウハウの継承のため特定の年齢層を募集
	AgeArts          AgeException = 5 // 3号ハ: 芸術・芸能における表現の真実性
	AgePolicy        AgeException = 6 // 3号ニ: 60歳以上の高年齢者又は国の施策の対象となる年齢層
)

var ageLabels = map[AgeException]string{
	AgeRetirement:    "例外事由1号（定年年齢を上限）",
	AgeByLaw:         "例外事由2号（法令の規定による年齢制限）",
	AgeYouthCareer:   "例外事由3号イ（長期勤続によるキャリア形成）",
	AgeSkillTransfer: "例外事由3号ロ（技能・ノウハウの継承）",
	AgeArts:          "例外事由3号ハ（芸術・芸能における表現の真実性）",
	AgePolicy:        "例外事由3号ニ（高年齢者又は国の施策の対象者）",
}

// Label is the Japanese name.
func (a AgeException) Label() string { return label(ageLabels, a) }
