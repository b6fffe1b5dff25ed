export { IDLE_GAP_MS, activeTimeOf, creditGap, formatDuration, median } from "./active-time";
