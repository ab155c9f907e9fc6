package minwage

import (
	"time"

	"github.com/hellowork-jp/hellowork/libs/clock"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/codes"
)

// committed is the 地域別最低賃金 (hourly, yen) of every prefecture with its 発効年月日.
//
// Sources (read 2026-12; the official list is 厚生労働省「地域別最低賃金の全国一覧」,
// https://www.mhlw.go.jp/stf/seisakunitsuite/bunya/koyou_roudou/roudoukijun/minimumichiran/index.html):
//   - 令和7年度 (2025): amounts and dates as listed from that page by
//     https://www.toms.or.jp/topics/detail/post-6141 and https://hyperpc.jp/notice/ (令和7年度
//     地域別最低賃金全国一覧, both columns 令和6年度/令和7年度), which agree entry by entry;
//     the six dates in 2026 (秋田 3/31, 群馬 3/1, 福島・徳島・熊本・大分 1/1) are also in
//     https://yama-sr.com/?p=1087; 島根 11/17 and 鳥取 10/4 in https://www.fnn.jp/articles/-/932936.
//     National weighted average 1,121 yen.
//   - 令和6年度 (2024): https://tool.shlc.jp/saichin_year (amount and date per prefecture),
//     cross-checked with the amounts of https://limo.media/articles/-/70391 and the dates of
//     the labour bureaus' or prefectures' pages where read: 大分 10/5 (pref.oita.jp), 鹿児島
//     10/5 (jsite.mhlw.go.jp/kagoshima-roudoukyoku), 沖縄 10/9 (newsdig.tbs.co.jp), 島根 10/12
//     (sanin-chuo.co.jp), 九州 dates (sr-kamiya.com). National weighted average 1,055 yen.
//
// Before a prefecture's first 令和6年度 date the table knows no rate (RateOn reports false).
var committed = []Revision{
	// 令和6年度
	r6(1, 1010, 10, 1), r6(2, 953, 10, 5), r6(3, 952, 10, 27), r6(4, 973, 10, 1), r6(5, 951, 10, 1),
	r6(6, 955, 10, 19), r6(7, 955, 10, 5), r6(8, 1005, 10, 1), r6(9, 1004, 10, 1), r6(10, 985, 10, 4),
	r6(11, 1078, 10, 1), r6(12, 1076, 10, 1), r6(13, 1163, 10, 1), r6(14, 1162, 10, 1), r6(15, 985, 10, 1),
	r6(16, 998, 10, 1), r6(17, 984, 10, 5), r6(18, 984, 10, 5), r6(19, 988, 10, 1), r6(20, 998, 10, 1),
	r6(21, 1001, 10, 1), r6(22, 1034, 10, 1), r6(23, 1077, 10, 1), r6(24, 1023, 10, 1), r6(25, 1017, 10, 1),
	r6(26, 1058, 10, 1), r6(27, 1114, 10, 1), r6(28, 1052, 10, 1), r6(29, 986, 10, 1), r6(30, 980, 10, 1),
	r6(31, 957, 10, 5), r6(32, 962, 10, 12), r6(33, 982, 10, 2), r6(34, 1020, 10, 1), r6(35, 979, 10, 1),
	r6(36, 980, 11, 1), r6(37, 970, 10, 2), r6(38, 956, 10, 13), r6(39, 952, 10, 9), r6(40, 992, 10, 5),
	r6(41, 956, 10, 17), r6(42, 953, 10, 12), r6(43, 952, 10, 5), r6(44, 954, 10, 5), r6(45, 952, 10, 5),
	r6(46, 953, 10, 5), r6(47, 952, 10, 9),

	// 令和7年度: the effective dates spread from 2025-10-01 (栃木) to 2026-03-31 (秋田).
	r7(1, 1075, 2025, 10, 4), r7(2, 1029, 2025, 11, 21), r7(3, 1031, 2025, 12, 1), r7(4, 1038, 2025, 10, 4),
	r7(5, 1031, 2026, 3, 31), r7(6, 1032, 2025, 12, 23), r7(7, 1033, 2026, 1, 1), r7(8, 1074, 2025, 10, 12),
	r7(9, 1068, 2025, 10, 1), r7(10, 1063, 2026, 3, 1), r7(11, 1141, 2025, 11, 1), r7(12, 1140, 2025, 10, 3),
	r7(13, 1226, 2025, 10, 3), r7(14, 1225, 2025, 10, 4), r7(15, 1050, 2025, 10, 2), r7(16, 1062, 2025, 10, 12),
	r7(17, 1054, 2025, 10, 8), r7(18, 1053, 2025, 10, 8), r7(19, 1052, 2025, 12, 1), r7(20, 1061, 2025, 10, 3),
	r7(21, 1065, 2025, 10, 18), r7(22, 1097, 2025, 11, 1), r7(23, 1140, 2025, 10, 18), r7(24, 1087, 2025, 11, 21),
	r7(25, 1080, 2025, 10, 5), r7(26, 1122, 2025, 11, 21), r7(27, 1177, 2025, 10, 16), r7(28, 1116, 2025, 10, 4),
	r7(29, 1051, 2025, 11, 16), r7(30, 1045, 2025, 11, 1), r7(31, 1030, 2025, 10, 4), r7(32, 1033, 2025, 11, 17),
	r7(33, 1047, 2025, 12, 1), r7(34, 1085, 2025, 11, 1), r7(35, 1043, 2025, 10, 16), r7(36, 1046, 2026, 1, 1),
	r7(37, 1036, 2025, 10, 18), r7(38, 1033, 2025, 12, 1), r7(39, 1023, 2025, 12, 1), r7(40, 1057, 2025, 11, 16),
	r7(41, 1030, 2025, 11, 21), r7(42, 1031, 2025, 12, 1), r7(43, 1034, 2026, 1, 1), r7(44, 1035, 2026, 1, 1),
	r7(45, 1023, 2025, 11, 16), r7(46, 1026, 2025, 11, 1), r7(47, 1023, 2025, 12, 1),
}

func r6(p, yen, m, d int) Revision { return rev(p, yen, 2024, 2024, m, d) }

func r7(p, yen, y, m, d int) Revision { return rev(p, yen, 2025, y, m, d) }

func rev(p, yen, fy, y, m, d int) Revision {
	return Revision{Prefecture: codes.Prefecture(p), Yen: yen, FiscalYear: fy,
		From: time.Date(y, time.Month(m), d, 0, 0, 0, 0, clock.JST)}
}
