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
  type SpanIdentity,
} from "./candidates";
export { layoutRows, wrapRows, type LaidRow, type Piece, type Row, type TrackSpan } from "./lanes";
