import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Route, Routes } from 'react-router';
import './index.css';
import { Layout } from './components/Layout';
import { SignedInLayout } from './components/SignedIn';
import { HomePage } from './pages/Home';
import { SettingsPage } from './pages/Settings';
import { AddAccountConfirmPage, AddAccountPage } from './pages/Accounts';
import { LoginPage } from './pages/Login';
// Settings, withdrawal, establishment and images (webacct).
import { LoginAccountConfirmPage, LoginAccountEditPage, LoginEmailKeyPage, WithdrawnPage, WithdrawPage } from './pages/LoginAccount';
import { EstablishmentChangePage, EstablishmentPage, ImagesPage } from './pages/Establishment';
import { CreationCodePage, OpenDonePage, OpenEmailPage, OpenPasswordPage, OpenTermsPage } from './pages/Open';
import { OtpPage, OtpSkipConfirmPage } from './pages/Otp';
import { RegistrationDonePage, RegistrationPasswordPage, RegistrationStartPage } from './pages/Registration';
import { RestoreDonePage, RestoreKeyPage, RestoreRequestPage } from './pages/Restore';
import { ResetDonePage, ResetPasswordPage, ResetRequestPage } from './pages/Reset';
import { NotFoundPage, PrivacyPage, RootPage, TermsPage } from './pages/Static';
// Postings (the employer's posting screens).
import { PostingEditPage, PostingNewPage, PostingSubmittedPage } from './pages/PostingWizard';
import { PostingDetailPage, PostingManagePage, PostingReusePage } from './pages/PostingDetail';
// Staff (ハローワーク職員) screens.
import { StaffSignedInLayout } from './components/StaffSignedIn';
import { StaffLoginPage, StaffOtpPage } from './pages/staff/StaffLogin';
import { StaffHomePage } from './pages/staff/StaffHome';
import { TerminalsPage } from './pages/staff/Terminals';
// Applicants, messages, seeker search (webapp)
import { ApplicantDetailPage, ApplicantListPage, ResultConfirmPage, ResultPage } from './pages/Applicants';
import { DirectRequestThreadPage, MessageListPage, ThreadPage } from './pages/Messages';
import { DirectRequestConfirmPage, DirectRequestPage, SeekerDetailPage, SeekerSearchPage } from './pages/Seekers';
import { CounterRegistrationPage, StaffCreationCodePage } from './pages/staff/Counter';
import { ReferralPage } from './pages/staff/Referrals';
import { DeliveriesPage } from './pages/staff/Deliveries';
// 事業所情報の仮登録 (webopen): OPEN-1 step 4.
import { EstablishmentRegistrationPage, EstablishmentSubmittedPage } from './pages/EstablishmentRegistration';
import { ApplicationsPage, EstablishmentWorklistPage, ImageWorklistPage, PostingWorklistPage } from './pages/staff/Worklists';
// 求人の窓口入力, 事業所の移管, 職員アカウントの利用停止 (webstaff).
import { CounterPostingPage, StaffAccountsPage, TransferPage } from './pages/staff/Office';

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
