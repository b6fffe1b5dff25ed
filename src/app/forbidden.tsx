export default function Forbidden() {
  return (
    <section>
      <h1>Not allowed</h1>
      <p className="error" data-testid="forbidden">Only admins can open this page.</p>
      <p><a href="/">Back to your queue</a></p>
    </section>
  );
}
