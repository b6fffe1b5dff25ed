export default function Forbidden() {
  return (
    <section>
      <h1>Not allowed</h1>
      <p className="error" data-testid="forbidden">
        Your account may not open this page: it is for admins, or the project keeps reviewers’ work blind until an admin
        reveals it.
      </p>
      <p>
        <a href="/">Back to your queue</a>
      </p>
    </section>
  );
}
