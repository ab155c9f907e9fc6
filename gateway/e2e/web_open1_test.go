package e2e_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/hellowork-jp/hellowork/gateway/e2e"
)

// The mails of the office's other two decisions on a registration (OPEN-1).
const (
	subjEstablishmentReturned = "事業所情報修正依頼通知"
	subjEstablishmentRejected = "事業所情報不受理通知"
)

// TestE2E_Web_Open1 runs the browser test of OPEN-1 to an opened MyPage
// (gateway/web/tests/browser/open1.test.mjs): 仮登録 with both consents, the password
// with the mailed key, the first sign-in with the OTP, 事業所情報の仮登録 (the five
// sections out of order, errors on their fields, a warning confirmed, input kept over a
// reload, an image in section 6 画像情報 before the opening), 申込み and its done
// screen, the office's 修正依頼 with its message, the correction and the new 申込み, the
// office's acceptance, and the home of the opened MyPage with its 事業所番号 (ESTNO-1)
// and 管轄安定所 (LOGIN-6); then a second registration the office rejects (不受理), whose
// employer sees what that means.
//
// The office's steps are served at FIXTURES_URL: POST /staff/{accept,return,reject}
// ?name=事業所名&message=... finds the registration in the worklist of office 1301
// (千代田区's ハローワーク飯田橋) through the staff REST client and decides it, answering
// the establishment; GET /image.png is a small PNG to upload. The employers read the
// auth keys and OTPs from the inbox; every mail the test causes is expected.
func TestE2E_Web_Open1(t *testing.T) {
	needBrowser(t)
	t.Parallel()

	st := e2e.StartWith(t, suiteEnv, allServices...)
	w := newWorld(t, st) // every mail must be expected (checked when the test passed)
	staff := w.staffOf(t, "1301")
	email := uniqueEmail("web-open1-est")
	w.expect(email, subjAccountProvisional)    // OPEN-1 step 1, the auth key
	w.expect(email, subjOTP)                   // the first sign-in (LOGIN-2); the second skips it (LOGIN-3)
	w.expect(email, subjNewDevice)             // that sign-in needed the OTP
	w.expect(email, subjEstablishmentProv)     // 申込み of 事業所情報の仮登録 (the resubmission sends none)
	w.expect(email, subjEstablishmentReturned) // 修正依頼
	w.expect(email, subjMyPageOpened)          // 受理
	rejected := uniqueEmail("web-open1-rej")
	w.expect(rejected, subjAccountProvisional)
	w.expect(rejected, subjOTP)
	w.expect(rejected, subjNewDevice)
	w.expect(rejected, subjEstablishmentProv)
	w.expect(rejected, subjEstablishmentRejected) // 不受理

	fixtures := http.NewServeMux()
	png := pngImage(t, 64, 48)
	fixtures.HandleFunc("GET /image.png", func(rw http.ResponseWriter, _ *http.Request) {
		rw.Header().Set("Content-Type", "image/png")
		_, _ = rw.Write(png)
	})
	fixtures.HandleFunc("POST /staff/{decision}", func(rw http.ResponseWriter, r *http.Request) {
		decision := r.PathValue("decision")
		body := map[string]any{}
		switch decision {
		case "accept":
		case "return", "reject":
			body["message"] = r.URL.Query().Get("message")
		default:
			http.NotFound(rw, r)
			return
		}
		name := r.URL.Query().Get("name")
		var list struct {
			Establishments []struct {
				ID      string `json:"establishment_id"`
				Profile struct {
					Basic struct {
						Name string `json:"name"`
					} `json:"basic"`
				} `json:"profile"`
			} `json:"establishments"`
		}
		wl := staff.get("/v1/staff/registrations?page_size=100")
		if wl.Code != http.StatusOK {
			http.Error(rw, "worklist: "+wl.String(), http.StatusBadGateway)
			return
		}
		if err := json.Unmarshal(wl.Body, &list); err != nil {
			http.Error(rw, "worklist: "+err.Error(), http.StatusBadGateway)
			return
		}
		for _, e := range list.Establishments {
			if name != "" && e.Profile.Basic.Name == name {
				res := staff.post("/v1/staff/registrations/"+e.ID+":"+decision, body)
				rw.Header().Set("Content-Type", "application/json")
				rw.WriteHeader(res.Code)
				_, _ = rw.Write(res.Body)
				return
			}
		}
		http.Error(rw, "no registration named "+name+" in the worklist: "+wl.String(), http.StatusNotFound)
	})

	runBrowserTests(t, w, "open1.test.mjs", fixtures, "OPEN1_EMAIL="+email, "OPEN1_REJECTED_EMAIL="+rejected)
}
