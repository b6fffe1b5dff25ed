export type TaxonomyLabelSeed = {
  name: string;
  definition: string;
  guideline: string;
  colour: string;
  hotkey: string;
};
export type TaxonomyGroupSeed = { name: string; labels: TaxonomyLabelSeed[] };

/**
 * The taxonomy a new project starts with: how a story is framed, and how it is worded. Every colour has at
 * least 3:1 contrast against the article background (WCAG 2.2 non-text contrast; tested).
 */
export const DEFAULT_TAXONOMY: TaxonomyGroupSeed[] = [
  {
    name: "Framing",
    labels: [
      {
        name: "Transactional diplomacy",
        definition: "Support, aid or cooperation presented as a deal with a price or a return.",
        guideline:
          "Mark passages that cast relations as bargaining: aid in exchange for minerals, leverage, concessions, 'getting our money back'. Do not mark neutral mentions of an agreement's existence.",
        colour: "#d62728",
        hotkey: "1",
      },
      {
        name: "Security & defence",
        definition: "The issue framed through military capability, intelligence, threats or battlefield effects.",
        guideline:
          "Mark statements about military effects, intelligence value, defence capabilities or threats to security. Casualty figures belong to Humanitarian cost unless the point is military.",
        colour: "#2a7d2e",
        hotkey: "2",
      },
      {
        name: "Economic interest",
        definition: "Money, resources, trade or costs as the lens on the story.",
        guideline:
          "Mark references to spending, profits, mineral resources, markets or the cost of aid when the text uses them to explain motives or stakes.",
        colour: "#8a6d00",
        hotkey: "3",
      },
      {
        name: "Conflict & escalation",
        definition: "The story told as confrontation, dispute, pressure or risk of escalation.",
        guideline:
          "Mark language of disputes, clashes, pressure campaigns, ultimatums or escalation between any parties (including allies).",
        colour: "#1f5fbf",
        hotkey: "4",
      },
      {
        name: "Diplomacy & negotiation",
        definition: "Talks, mediation, ceasefires and negotiated outcomes as the lens.",
        guideline:
          "Mark passages about negotiations, peace talks, ceasefire proposals or diplomatic channels, whether hopeful or sceptical.",
        colour: "#c45100",
        hotkey: "5",
      },
      {
        name: "Alliance reliability",
        definition: "Whether partners can be trusted to keep commitments.",
        guideline:
          "Mark passages that question or affirm an ally's dependability, abandonment, betrayal, or the credibility of guarantees.",
        colour: "#7b1fa2",
        hotkey: "6",
      },
      {
        name: "Humanitarian cost",
        definition: "Human suffering, civilian harm, casualties or displacement.",
        guideline: "Mark passages that foreground people's suffering or the human consequences of decisions.",
        colour: "#00838f",
        hotkey: "7",
      },
      {
        name: "Domestic politics",
        definition: "The issue explained through internal political calculations or audiences.",
        guideline:
          "Mark passages that tie decisions to elections, party politics, public opinion or leaders' domestic standing.",
        colour: "#c2185b",
        hotkey: "8",
      },
      {
        name: "Legitimacy & sovereignty",
        definition: "Questions of rightful authority, sovereignty, independence or international law.",
        guideline:
          "Mark passages about a state's right to decide, legitimacy of leaders or governments, territorial integrity, or legality.",
        colour: "#5c7a00",
        hotkey: "9",
      },
    ],
  },
  {
    name: "Tone & wording",
    labels: [
      {
        name: "Loaded wording",
        definition: "Words with strong connotations chosen where neutral ones were available.",
        guideline:
          "Mark the word or short phrase, not the whole sentence. Ask: would a neutral wire report use this word?",
        colour: "#800000",
        hotkey: "q",
      },
      {
        name: "Name-calling / labelling",
        definition: "Attaching a label to a person or group that invites a judgement instead of describing.",
        guideline:
          "Mark epithets and labels (e.g. 'dictator', 'warmonger') applied by the author or adopted without distance.",
        colour: "#6a4fc4",
        hotkey: "w",
      },
      {
        name: "Exaggeration / minimisation",
        definition: "Overstating or understating the size, importance or certainty of something.",
        guideline:
          "Mark intensifiers and diminishers that change the apparent magnitude ('devastating', 'merely', 'completely collapsed').",
        colour: "#8d5524",
        hotkey: "e",
      },
      {
        name: "Appeal to fear",
        definition: "Wording that seeks agreement by raising fear or alarm.",
        guideline:
          "Mark passages that invoke danger, catastrophe or threat to push a conclusion rather than to inform.",
        colour: "#4a6fa5",
        hotkey: "r",
      },
      {
        name: "Doubt / undermining credibility",
        definition: "Casting doubt on a person's or source's credibility instead of engaging with the claim.",
        guideline: "Mark scare quotes, 'so-called', insinuations or questions aimed at a source's trustworthiness.",
        colour: "#333333",
        hotkey: "t",
      },
      {
        name: "Speculation presented as fact",
        definition: "An inference or prediction stated with the certainty of an established fact.",
        guideline: "Mark claims about motives, intentions or future outcomes stated without hedging or evidence.",
        colour: "#00695c",
        hotkey: "y",
      },
      {
        name: "Unattributed claim",
        definition: "A substantive claim with no source, or a vague one ('observers', 'outsiders').",
        guideline: "Mark the claim together with its vague attribution, if any ('seen by outsiders as ...').",
        colour: "#ad1457",
        hotkey: "u",
      },
      {
        name: "Sarcasm / irony",
        definition: "Saying the opposite of what is meant, or mocking through tone.",
        guideline: "Mark the ironic phrase. If unsure whether it is irony, add a note.",
        colour: "#827717",
        hotkey: "i",
      },
    ],
  },
];
