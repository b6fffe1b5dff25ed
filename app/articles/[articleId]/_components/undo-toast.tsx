"use client";

export function UndoToast({ count, onUndo, onDismiss }: { count: number; onUndo: () => void; onDismiss: () => void }) {
  return (
    <div className="fw-toast" role="status" data-testid="undo-toast">
      <span>{count > 1 ? `${count} spans deleted` : "Span deleted"} — </span>
      <button type="button" className="link" data-testid="undo" onClick={onUndo}>
        Undo
      </button>
      <span className="muted"> (Ctrl+Z)</span>
      <button type="button" className="fw-icon" aria-label="Dismiss" onClick={onDismiss}>
        ×
      </button>
    </div>
  );
}
