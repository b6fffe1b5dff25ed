import type { Metadata } from "next";
import { listQueue } from "@/lib/server/articles/list-queue";
import { pageActor, pageError } from "@/lib/server/page-guards";
import { pullNextAction } from "./actions";

export const metadata: Metadata = { title: "Your queue" };

export const dynamic = "force-dynamic";

const STATUS_TEXT = { not_started: "Not started", in_progress: "In progress", done: "Done" } as const;

export default async function QueuePage({ params }: { params: Promise<{ projectId: string }> }) {
  const actor = await pageActor();
  const { projectId } = await params;
  const queue = await listQueue(actor, projectId).catch(pageError);
  const { done, total } = queue.progress;
  return (
    <section>
      <h1>{queue.project.name}</h1>
      {queue.project.locked && <p className="notice">This project is locked: annotations are final.</p>}
      <p data-testid="progress">
        {done} of {total} articles done
      </p>
      <div className="progress" aria-hidden>
        <span style={{ width: `${total ? (100 * done) / total : 0}%` }} />
      </div>
      {queue.curates && (
        <p>
          <a href={`/admin/projects/${queue.project.id}`}>Project back office →</a>
        </p>
      )}
      {queue.mayPull && (
        <form action={pullNextAction}>
          <input type="hidden" name="projectId" value={queue.project.id} />
          <button type="submit" className="primary" data-testid="pull-next">
            Take the next article
          </button>
        </form>
      )}
      <table className="grid" data-testid="queue">
        <thead>
          <tr>
            <th>Article</th>
            <th>Source</th>
            <th>Length</th>
            <th>Your spans</th>
            <th>Status</th>
          </tr>
        </thead>
        <tbody>
          {queue.items.map((item) => (
            <tr key={item.id} data-testid="queue-row">
              <td>
                <a href={`/articles/${item.id}`}>{item.title}</a>
              </td>
              <td className="muted">{item.source}</td>
              <td className="muted">{item.length.toLocaleString("en")} chars</td>
              <td>{item.spans}</td>
              <td>
                <span className={`badge ${item.status}`} data-testid="queue-status">
                  {STATUS_TEXT[item.status]}
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
