// The section wizards and the posting screens: one lazy chunk (main.tsx) for the
// posting wizard (JOB-1), the posting detail and applications (JOB-3, JOB-5) and
// 事業所情報の仮登録 (OPEN-1), which share the section forms (FieldByDef, SectionNav,
// lib/postingForm.ts).
export { PostingEditPage, PostingNewPage, PostingSubmittedPage } from '../pages/PostingWizard';
export { PostingDetailPage, PostingManagePage, PostingReusePage } from '../pages/PostingDetail';
export { PostingSheetPage } from '../pages/PostingSheet';
export { EstablishmentRegistrationPage, EstablishmentSubmittedPage } from '../pages/EstablishmentRegistration';
