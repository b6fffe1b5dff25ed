import type { Metadata } from "next";
import { CompareView } from "@/components/compare/compare-view";
import { type ComparePageProps, compareLoader } from "@/components/compare/load";
import { pageStaff } from "@/lib/server/page-guards";
import {
  acceptCandidateAction,
  acceptMajorityAction,
  deleteGoldSpanAction,
  drawGoldSpanAction,
  editGoldSpanAction,
  rejectCandidateAction,
  setAdjudicatedAction,
  setCompareSettingsAction,
} from "./actions";

export const dynamic = "force-dynamic";

const actions = {
  acceptCandidate: acceptCandidateAction,
  rejectCandidate: rejectCandidateAction,
  acceptMajority: acceptMajorityAction,
  drawGold: drawGoldSpanAction,
  editGold: editGoldSpanAction,
  deleteGold: deleteGoldSpanAction,
  setAdjudicated: setAdjudicatedAction,
  setCompareSettings: setCompareSettingsAction,
};

const load = compareLoader(() => pageStaff());

export async function generateMetadata(props: ComparePageProps): Promise<Metadata> {
  return { title: `Adjudicate: ${(await load(props)).data.article.title} · Admin` };
}

export default async function AdminComparePage(props: ComparePageProps) {
  const { data, filters } = await load(props);
  const path = `/admin/articles/${data.article.id}/compare`;
  return (
    <article>
      <p className="muted">
        <a href={`/admin/projects/${data.project.id}`}>← {data.project.name}</a> ·{" "}
        <a href={`/articles/${data.article.id}`}>annotate</a>
      </p>
      <h1 data-testid="compare-title">Compare: {data.article.title}</h1>
      <CompareView data={data} filters={filters} path={path} actions={actions} />
    </article>
  );
}
