import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Route, Routes } from 'react-router';
import './index.css';
import { lazyPages } from './components/LazyPages';
import { Layout } from './components/Layout';
import { SignedInLayout } from './components/SignedIn';
const { HomePage } = lazyPages(() => import('./pages/Home'), 'HomePage');
const { SettingsPage } = lazyPages(() => import('./pages/Settings'), 'SettingsPage');
const { AddAccountConfirmPage, AddAccountPage } = lazyPages(() => import('./pages/Accounts'), 'AddAccountConfirmPage', 'AddAccountPage');
// The login screen is in the first chunk; every other screen module is lazy
// (components/LazyPages.tsx, docs/web.md "Code splitting").
import { LoginPage } from './pages/Login';
// Settings, withdrawal, establishment and images (webacct).
const { LoginAccountConfirmPage, LoginAccountEditPage, LoginEmailKeyPage, WithdrawnPage, WithdrawPage } = lazyPages(() => import('./pages/LoginAccount'), 'LoginAccountConfirmPage', 'LoginAccountEditPage', 'LoginEmailKeyPage', 'WithdrawnPage', 'WithdrawPage');
const { EstablishmentChangePage, EstablishmentPage, ImagesPage } = lazyPages(() => import('./pages/Establishment'), 'EstablishmentChangePage', 'EstablishmentPage', 'ImagesPage');
const { CreationCodePage, OpenDonePage, OpenEmailPage, OpenPasswordPage, OpenTermsPage } = lazyPages(() => import('./pages/Open'), 'CreationCodePage', 'OpenDonePage', 'OpenEmailPage', 'OpenPasswordPage', 'OpenTermsPage');
const { OtpPage, OtpSkipConfirmPage } = lazyPages(() => import('./pages/Otp'), 'OtpPage', 'OtpSkipConfirmPage');
const { RegistrationDonePage, RegistrationPasswordPage, RegistrationStartPage } = lazyPages(() => import('./pages/Registration'), 'RegistrationDonePage', 'RegistrationPasswordPage', 'RegistrationStartPage');
const { RestoreDonePage, RestoreKeyPage, RestoreRequestPage } = lazyPages(() => import('./pages/Restore'), 'RestoreDonePage', 'RestoreKeyPage', 'RestoreRequestPage');
const { ResetDonePage, ResetPasswordPage, ResetRequestPage } = lazyPages(() => import('./pages/Reset'), 'ResetDonePage', 'ResetPasswordPage', 'ResetRequestPage');
import { NotFoundPage, PrivacyPage, RootPage, TermsPage } from './pages/Static';
// Postings (the employer's posting screens).
const { PostingEditPage, PostingNewPage, PostingSubmittedPage } = lazyPages(() => import('./areas/wizard'), 'PostingEditPage', 'PostingNewPage', 'PostingSubmittedPage');
const { PostingDetailPage, PostingManagePage, PostingReusePage } = lazyPages(() => import('./areas/wizard'), 'PostingDetailPage', 'PostingManagePage', 'PostingReusePage');
const { PostingSheetPage } = lazyPages(() => import('./areas/wizard'), 'PostingSheetPage');
// Staff (ハローワーク職員) screens.
const { StaffSignedInLayout } = lazyPages(() => import('./areas/staff'), 'StaffSignedInLayout');
const { StaffLoginPage, StaffOtpPage } = lazyPages(() => import('./areas/staff'), 'StaffLoginPage', 'StaffOtpPage');
const { StaffHomePage } = lazyPages(() => import('./areas/staff'), 'StaffHomePage');
const { TerminalsPage } = lazyPages(() => import('./areas/staff'), 'TerminalsPage');
// Applicants, messages, seeker search (webapp)
const { ApplicantDetailPage, ApplicantListPage, ResultConfirmPage, ResultPage } = lazyPages(() => import('./areas/applicants'), 'ApplicantDetailPage', 'ApplicantListPage', 'ResultConfirmPage', 'ResultPage');
const { DirectRequestThreadPage, MessageListPage, ThreadPage } = lazyPages(() => import('./areas/applicants'), 'DirectRequestThreadPage', 'MessageListPage', 'ThreadPage');
const { DirectRequestConfirmPage, DirectRequestPage, SeekerDetailPage, SeekerSearchPage } = lazyPages(() => import('./areas/applicants'), 'DirectRequestConfirmPage', 'DirectRequestPage', 'SeekerDetailPage', 'SeekerSearchPage');
const { CounterRegistrationPage, StaffCreationCodePage } = lazyPages(() => import('./areas/staff'), 'CounterRegistrationPage', 'StaffCreationCodePage');
const { ReferralPage } = lazyPages(() => import('./areas/staff'), 'ReferralPage');
const { DeliveriesPage } = lazyPages(() => import('./areas/staff'), 'DeliveriesPage');
// 事業所情報の仮登録 (webopen): OPEN-1 step 4.
const { EstablishmentRegistrationPage, EstablishmentSubmittedPage } = lazyPages(() => import('./areas/wizard'), 'EstablishmentRegistrationPage', 'EstablishmentSubmittedPage');
const { ApplicationsPage, EstablishmentWorklistPage, ImageWorklistPage, PostingWorklistPage } = lazyPages(() => import('./areas/staff'), 'ApplicationsPage', 'EstablishmentWorklistPage', 'ImageWorklistPage', 'PostingWorklistPage');
// 求人の窓口入力, 事業所の移管, 職員アカウントの利用停止 (webstaff).
const { CounterPostingPage, StaffAccountsPage, TransferPage } = lazyPages(() => import('./areas/staff'), 'CounterPostingPage', 'StaffAccountsPage', 'TransferPage');

const root = document.getElementById('root');
if (!root) throw new Error('no #root element');

createRoot(root).render(
  <StrictMode>
    <BrowserRouter>
      <Layout>
        <Routes>
          <Route path="/" element={<RootPage />} />
          <Route path="/login" element={<LoginPage />} />
          <Route path="/login/otp" element={<OtpPage />} />
          <Route path="/login/otp/confirm" element={<OtpSkipConfirmPage />} />
          <Route path="/password-reset" element={<ResetRequestPage />} />
          <Route path="/password-reset/password" element={<ResetPasswordPage />} />
          <Route path="/password-reset/done" element={<ResetDonePage />} />
          <Route path="/restore" element={<RestoreRequestPage />} />
          <Route path="/restore/key" element={<RestoreKeyPage />} />
          <Route path="/restore/done" element={<RestoreDonePage />} />
          <Route path="/registration" element={<RegistrationStartPage />} />
          <Route path="/registration/password" element={<RegistrationPasswordPage />} />
          <Route path="/registration/done" element={<RegistrationDonePage />} />
          <Route path="/open" element={<OpenTermsPage />} />
          <Route path="/open/code" element={<CreationCodePage />} />
          <Route path="/open/email" element={<OpenEmailPage />} />
          <Route path="/open/password" element={<OpenPasswordPage />} />
          <Route path="/open/done" element={<OpenDonePage />} />
          <Route element={<SignedInLayout />}>
            <Route path="/home" element={<HomePage />} />
            <Route path="/settings" element={<SettingsPage />} />
            <Route path="/settings/accounts/new" element={<AddAccountPage />} />
            <Route path="/settings/accounts/new/confirm" element={<AddAccountConfirmPage />} />
            {/* Postings (the employer's posting screens: wizard, detail, applications, reuse). */}
            <Route path="/postings/new" element={<PostingNewPage />} />
            <Route path="/postings/reuse" element={<PostingReusePage />} />
            <Route path="/postings/:postingId" element={<PostingDetailPage />} />
            <Route path="/postings/:postingId/edit" element={<PostingEditPage />} />
            <Route path="/postings/:postingId/submitted" element={<PostingSubmittedPage />} />
            <Route path="/postings/:postingId/manage" element={<PostingManagePage />} />
            <Route path="/postings/:postingId/change" element={<PostingEditPage change />} />
            <Route path="/postings/:postingId/sheet" element={<PostingSheetPage />} />
            {/* End of postings. */}
            {/* Settings, withdrawal, establishment and images (webacct): ACC-1, ACC-3, EST-1, IMG-1 */}
            <Route path="/settings/login-account" element={<LoginAccountEditPage />} />
            <Route path="/settings/login-account/confirm" element={<LoginAccountConfirmPage />} />
            <Route path="/settings/login-account/key" element={<LoginEmailKeyPage />} />
            <Route path="/settings/withdraw" element={<WithdrawPage />} />
            <Route path="/establishment" element={<EstablishmentPage />} />
            <Route path="/establishment/change" element={<EstablishmentChangePage />} />
            <Route path="/establishment/images" element={<ImagesPage />} />
            {/* Applicants, messages, seeker search (webapp): APP-1, APP-2, APP-4, MSG-1, SEEK-1 */}
            <Route path="/applicants" element={<ApplicantListPage />} />
            <Route path="/postings/:postingId/applicants" element={<ApplicantListPage />} />
            <Route path="/applicants/:id" element={<ApplicantDetailPage />} />
            <Route path="/applicants/:id/result" element={<ResultPage />} />
            <Route path="/applicants/:id/result/confirm" element={<ResultConfirmPage />} />
            <Route path="/applicants/:id/messages" element={<ThreadPage />} />
            <Route path="/messages" element={<MessageListPage />} />
            <Route path="/direct-requests/:id/messages" element={<DirectRequestThreadPage />} />
            <Route path="/seekers" element={<SeekerSearchPage />} />
            <Route path="/seekers/:ref" element={<SeekerDetailPage />} />
            <Route path="/seekers/:ref/request" element={<DirectRequestPage />} />
            <Route path="/seekers/:ref/request/confirm" element={<DirectRequestConfirmPage />} />
            {/* end of applicants, messages, seeker search */}
            {/* 事業所情報の仮登録 (webopen): OPEN-1 step 4, the five sections, 申込み, 完了. */}
            <Route path="/registration/establishment" element={<EstablishmentRegistrationPage />} />
            <Route path="/registration/establishment/submitted" element={<EstablishmentSubmittedPage />} />
            {/* End of 事業所情報の仮登録. */}
          </Route>
          <Route path="/withdrawn" element={<WithdrawnPage />} />
          {/* Staff (ハローワーク職員) screens: their own sign-in, layout and menu. */}
          <Route path="/staff/login" element={<StaffLoginPage />} />
          <Route path="/staff/login/otp" element={<StaffOtpPage />} />
          <Route element={<StaffSignedInLayout />}>
            <Route path="/staff" element={<StaffHomePage />} />
            <Route path="/staff/terminals" element={<TerminalsPage />} />
            <Route path="/staff/establishments" element={<EstablishmentWorklistPage />} />
            <Route path="/staff/postings" element={<PostingWorklistPage />} />
            <Route path="/staff/applications" element={<ApplicationsPage />} />
            <Route path="/staff/images" element={<ImageWorklistPage />} />
            <Route path="/staff/counter" element={<CounterRegistrationPage />} />
            <Route path="/staff/codes" element={<StaffCreationCodePage />} />
            <Route path="/staff/referrals" element={<ReferralPage />} />
            <Route path="/staff/deliveries" element={<DeliveriesPage />} />
            <Route path="/staff/postings/new" element={<CounterPostingPage />} />
            <Route path="/staff/postings/:postingId/edit" element={<PostingEditPage staff />} />
            <Route path="/staff/transfers" element={<TransferPage />} />
            <Route path="/staff/accounts" element={<StaffAccountsPage />} />
          </Route>
          {/* End of the staff screens. */}
          <Route path="/privacy" element={<PrivacyPage />} />
          <Route path="/terms" element={<TermsPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </Layout>
    </BrowserRouter>
  </StrictMode>,
);
