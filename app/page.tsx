export default function Home() {
  return (
    <main>
      <h1>Machine Agent Console</h1>
      <p>
        Pair a third-party AI agent with a peaqOS machine and bound what it may spend and buy. The agent pairing API is served
        under <code>/api/v1</code>; health at <a href="/health">/health</a>.
      </p>
      <p className="muted">The owner dashboard arrives in a later release; use an owner API key meanwhile (see README).</p>
    </main>
  );
}
