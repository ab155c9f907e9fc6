// The staff (ハローワーク職員) area: one lazy chunk for every /staff screen (main.tsx).
// A new staff screen is exported here and taken in main.tsx with lazyPages.
export { StaffSignedInLayout } from '../components/StaffSignedIn';
export { StaffLoginPage, StaffOtpPage } from '../pages/staff/StaffLogin';
export { StaffHomePage } from '../pages/staff/StaffHome';
export { TerminalsPage } from '../pages/staff/Terminals';
export { CounterRegistrationPage, StaffCreationCodePage } from '../pages/staff/Counter';
export { ReferralPage } from '../pages/staff/Referrals';
export { DeliveriesPage } from '../pages/staff/Deliveries';
export { ApplicationsPage, EstablishmentWorklistPage, ImageWorklistPage, PostingWorklistPage } from '../pages/staff/Worklists';
export { CounterPostingPage, StaffAccountsPage, TransferPage } from '../pages/staff/Office';
