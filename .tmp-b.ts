import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
(async () => {
  let n = 0;
  const server = new SMTPServer({ authOptional: true, disabledCommands: ['STARTTLS','AUTH'], logger: false, onData(s, _x, cb) { s.on('end', () => { n++; cb(); }); s.resume(); } });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.server.address() as any).port;
  for (const size of [1000, 20000, 80000]) {
    const t = nodemailer.createTransport({ url: `smtp://127.0.0.1:${port}`, pool: true, maxConnections: 5, maxMessages: 100 } as any);
    const html = '<p>' + 'x y z é '.repeat(size / 8) + '</p>';
    const start = performance.now(); const inflight = new Set<Promise<any>>();
    for (let i = 0; i < 1000; i++) { while (inflight.size >= 10) await Promise.race(inflight); const p: Promise<any> = t.sendMail({ from: 'a@b.c', to: 'd@e.f', subject: 's', html, text: 'hi' }).finally(() => inflight.delete(p)); inflight.add(p); }
    await Promise.all(inflight);
    console.log(size, Math.round(1000 / ((performance.now() - start) / 1000)), 'msg/s');
    t.close();
  }
  server.close();
})();
