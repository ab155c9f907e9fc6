// The applicant screens: one lazy chunk (main.tsx) for 応募者管理 (APP-1, APP-2, APP-4),
// メッセージ (MSG-1) and 求職情報検索 / 直接リクエスト (SEEK-1).
export { ApplicantDetailPage, ApplicantListPage, ResultConfirmPage, ResultPage } from '../pages/Applicants';
export { DirectRequestThreadPage, MessageListPage, ThreadPage } from '../pages/Messages';
export { DirectRequestConfirmPage, DirectRequestPage, SeekerDetailPage, SeekerSearchPage } from '../pages/Seekers';
