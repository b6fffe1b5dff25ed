export {
  candidateKey,
  decisionsFor,
  groupCandidates,
  majorityOf,
  selectForAcceptance,
  type Candidate,
  type CandidateStatus,
  type ConflictKind,
  type Decision,
  type ReviewerSpan,
  type GoldIdentity,
  type SpanIdentity,
} from "./candidates";
export {
  layoutRows,
  pageRows,
  paragraphRows,
  wrapRows,
  type LaidRow,
  type LayoutOptions,
  type Page,
  type Piece,
  type Row,
  type TrackSpan,
} from "./lanes";
export { elide } from "./elide";
