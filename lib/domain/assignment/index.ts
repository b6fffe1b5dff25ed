export { type BalanceInput, type BalanceResult, type Pair, balanceAssignment } from "./balance";
export {
  type LabeledSpan,
  type LabelFeedback,
  type Tally,
  type TrainingFeedback,
  addTally,
  qualifies,
  scores,
  trainingFeedback,
} from "./training";
export { meanDefined, needsAnotherAnnotator, pickExtraAnnotator, type RoutingRule } from "./routing";
