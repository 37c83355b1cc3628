#!/usr/bin/env python3
"""security-test.py - the findings of issue 14, each tried against a real
`kindex serve` / `kindex index` the way the attack did.

usage: security-test.py KINDEX CORPUS_DIR [--only NAME[,NAME...]]

Runs one check per finding and prints a row per check and a
SECURITY_RESULT line; exits 1 when any check fails.  Loopback only: other
"client addresses" are 127.0.0.2 and up (Linux routes all of 127/8 to lo).
Checks that need root (a tmpfs for the full disk) or a network address
(Basic challenge off loopback) say SKIP when they cannot run."""
import base64, http.client, json, os, re, shutil, socket, ssl, stat, subprocess, sys, tempfile
import threading, time, urllib.parse

KINDEX, CORPUS = os.path.abspath(sys.argv[1]), sys.argv[2]
ONLY = set(sys.argv[3 + 1].split(',')) if len(sys.argv) > 4 and sys.argv[3] == '--only' else None
USER, PASSWORD = 'sec', 'security-test-pw-1'
results = []
SANITIZER = []   # servers whose log has an ASan/UBSan/LSan report
work = tempfile.mkdtemp(prefix='kindex-sec-')
os.chmod(work, 0o755)


def tiny_pdf(path, title, text):
    """A one-page PDF with an /Info title and one line of text."""
    content = b'BT /F1 12 Tf 72 700 Td (' + text + b') Tj ET'
    objs = {1: b'<< /Type /Catalog /Pages 2 0 R >>',
            2: b'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
            3: b'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> /Contents 4 0 R >>',
            4: b'<< /Length %d >>\nstream\n' % len(content) + content + b'\nendstream',
            5: b'<< /Title (' + title + b') >>'}
    b = bytearray(b'%PDF-1.7\n')
    offs = {}
    for n in sorted(objs):
        offs[n] = len(b)
        b += b'%d 0 obj\n' % n + objs[n] + b'\nendobj\n'
    x = len(b)
    b += b'xref\n0 6\n0000000000 65535 f \n' + b''.join(b'%010d 00000 n \n' % offs[i] for i in range(1, 6))
    b += b'trailer\n<< /Size 6 /Root 1 0 R /Info 5 0 R >>\nstartxref\n%d\n%%%%EOF\n' % x
    open(path, 'wb').write(bytes(b))


def free_port():
    s = socket.socket()
    s.bind(('127.0.0.1', 0))
    p = s.getsockname()[1]
    s.close()
    return p


def run(*args, inp=None, timeout=120):
    return subprocess.run([KINDEX] + list(args), input=inp, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, timeout=timeout)


class Server:
    """kindex serve on a free port; .log() is what it wrote so far."""

    def __init__(self, db, users, *extra, bind='127.0.0.1', expect_up=True):
        self.port = free_port()
        self.logpath = os.path.join(work, 'serve-%d.log' % self.port)
        self.logf = open(self.logpath, 'wb')
        self.p = subprocess.Popen([KINDEX, 'serve', '--db', db, '--users', users, '--bind', bind,
                                   '--port', str(self.port)] + list(extra),
                                  stdout=self.logf, stderr=subprocess.STDOUT)
        self.up = False
        if expect_up:
            for _ in range(300):
                if self.p.poll() is not None:
                    break
                try:
                    socket.create_connection(('127.0.0.1', self.port), timeout=1).close()
                    self.up = True
                    break
                except OSError:
                    time.sleep(0.05)

    def log(self):
        return open(self.logpath, 'rb').read()

    def stop(self):
        if self.p.poll() is None:
            self.p.terminate()
            try:
                self.p.wait(10)
            except subprocess.TimeoutExpired:
                self.p.kill()
                self.p.wait()
        self.logf.close()
        if re.search(rb'(AddressSanitizer|LeakSanitizer|runtime error:)', self.log()):
            SANITIZER.append(self.logpath)


def request(port, method, path, body=None, headers=None, src='127.0.0.1', timeout=10, host='127.0.0.1'):
    c = http.client.HTTPConnection(host, port, timeout=timeout, source_address=(src, 0))
    h = dict(headers or {})
    if body is not None:
        h.setdefault('Content-Type', 'application/x-www-form-urlencoded')
    c.request(method, path, body=body, headers=h)
    r = c.getresponse()
    data = r.read()
    c.close()
    return r.status, dict((k.lower(), v) for k, v in r.getheaders()), r.getheaders(), data


def cookies_of(headers_list, jar):
    for k, v in headers_list:
        if k.lower() == 'set-cookie':
            name, _, rest = v.partition('=')
            jar[name] = rest.split(';')[0]
    return jar


def login(port, user, password, src='127.0.0.1'):
    """Logs in through the form; returns (status, cookie jar)."""
    st, h, hl, page = request(port, 'GET', '/login', src=src)
    jar = cookies_of(hl, {})
    fields = dict(re.findall(r'name="([^"]+)" value="([^"]*)"', page.decode('utf-8', 'replace')))
    fields.update({'user': user, 'password': password})
    body = urllib.parse.urlencode(fields)
    st, h, hl, _ = request(port, 'POST', '/login', body=body, src=src,
                           headers={'Cookie': '; '.join('%s=%s' % kv for kv in jar.items())})
    cookies_of(hl, jar)
    return st, jar


def cookie_header(jar):
    return {'Cookie': '; '.join('%s=%s' % kv for kv in jar.items() if kv[1])}


def basic(user, password):
    return {'Authorization': 'Basic ' + base64.b64encode(('%s:%s' % (user, password)).encode()).decode()}


def check(name, item, fn):
    if ONLY and name not in ONLY:
        return
    t = time.time()
    try:
        ok, detail = fn()
    except Exception as e:  # a crash of the check is a failure too
        ok, detail = False, 'exception: %r' % (e,)
    verdict = 'ok' if ok is True else ('SKIP' if ok is None else 'FAIL')
    results.append((name, verdict))
    print('  %-4s %-3s %-24s %s (%.1f s)' % (verdict, item, name, detail, time.time() - t))
    sys.stdout.flush()


# ---- the shared index and account ----
docs = os.path.join(work, 'docs')
os.mkdir(docs)
for f in sorted(os.listdir(os.path.join(CORPUS, 'un')))[:2] if os.path.isdir(os.path.join(CORPUS, 'un')) else []:
    shutil.copy(os.path.join(CORPUS, 'un', f), docs)
tiny_pdf(os.path.join(docs, 'served.pdf'), b'Served document', b'zzservedword jeugdzorg voor kinderen')
tiny_pdf(os.path.join(docs, 'fifo-victim.pdf'), b'Fifo victim', b'zzfifoword jeugdzorg')
tiny_pdf(os.path.join(docs, 'evil\x1b]0;pwned\x07\x1b[31m.pdf'), b'Evil \x1b[2J name', b'zzevilword jeugd')
outside = os.path.join(work, 'outside')
os.mkdir(outside)
tiny_pdf(os.path.join(outside, 'secret.pdf'), b'Secret', b'zzoutsideword geheim')
os.mkdir(os.path.join(docs, 'inner'))
tiny_pdf(os.path.join(docs, 'inner', 'target.pdf'), b'Inner target', b'zzinnerword binnen')
os.symlink(os.path.join(outside, 'secret.pdf'), os.path.join(docs, 'link-to-outside-file.pdf'))
os.symlink(outside, os.path.join(docs, 'link-to-outside-folder'))
os.symlink(os.path.join(docs, 'inner', 'target.pdf'), os.path.join(docs, 'link-to-inner.pdf'))
db = os.path.join(work, 'db')
users = os.path.join(work, 'users')
r = run('index', '--db', db, '--quiet', docs)
index_out = r.stdout.decode('utf-8', 'replace')
r = run('user', 'add', USER, '--users', users, '--db', db, inp=(PASSWORD + '\n').encode())
if r.returncode != 0:
    print('  FAIL kindex user add: ' + r.stderr.decode()[:200])
    sys.exit(1)
srv = Server(db, users)
if not srv.up:
    print('  FAIL the server did not start: ' + srv.log().decode('utf-8', 'replace')[:300])
    sys.exit(1)
PORT = srv.port


SESSION = {}


def session():
    """Cookie header of a logged-in session (for the HTML routes)."""
    if not SESSION:
        st, jar = login(PORT, USER, PASSWORD, src='127.0.0.9')
        SESSION.update(cookie_header(jar))
    return SESSION


def doc_id(word):
    st, h, hl, data = request(PORT, 'GET', '/api/search?q=' + word, headers=basic(USER, PASSWORD))
    res = json.loads(data).get('results', [])
    return res[0]['id'] if res else None


def t_passwd_ends_sessions():
    st, jar = login(PORT, USER, PASSWORD)
    if st != 303:
        return False, 'login gave %d' % st
    before = request(PORT, 'GET', '/', headers=cookie_header(jar))[0]
    newpw = 'changed-password-2'
    r = run('user', 'passwd', USER, '--users', users, '--db', db, inp=(newpw + '\n').encode())
    after = request(PORT, 'GET', '/', headers=cookie_header(jar))[0]
    # put the old password back for the other checks
    run('user', 'passwd', USER, '--users', users, '--db', db, inp=(PASSWORD + '\n').encode())
    return before == 200 and after == 303 and r.returncode == 0, \
        'session before passwd: %d, after: %d (303 = back to login)' % (before, after)


def t_no_lockout():
    # An attacker at 127.0.0.2 fails 8 times for USER ...
    codes = [login(PORT, USER, 'wrong guess', src='127.0.0.2')[0] for _ in range(8)]
    # ... the user at 127.0.0.3 gets in with the right password at once.
    st, _ = login(PORT, USER, PASSWORD, src='127.0.0.3')
    return 429 in codes and st == 303, 'attacker got %s; the user elsewhere got %d' % (
        sorted(set(codes)), st)


def t_simultaneous():
    # 40 simultaneous wrong Basic logins from one fresh address: no more
    # real checks than one after another would get (4, then throttled).
    src = '127.0.0.4'
    codes = []
    lock = threading.Lock()

    def one():
        try:
            st = request(PORT, 'GET', '/api/search?q=kind', headers=basic('racer', 'wrong'), src=src)[0]
        except OSError as e:
            st = str(e)
        with lock:
            codes.append(st)
    ths = [threading.Thread(target=one) for _ in range(40)]
    for t in ths:
        t.start()
    for t in ths:
        t.join()
    checked = codes.count(401)
    refused = sum(not isinstance(c, int) for c in codes)
    # before the fix 7 of them got a real check; a lock of 1 s after the
    # 4th failure lets one more through when the checks take over a second
    return 1 <= checked <= 5 and codes.count(429) >= 1 and 200 not in codes, \
        '%d answered 401 (a real check), %d 429, %d refused (limit per address)' % (
            checked, codes.count(429), refused)


def t_slowloris():
    # 5 addresses x 60 connections, each sending a header line now and then;
    # a sixth address must still be served, and the trickling connections
    # must be closed by the deadline (15 s), not kept alive by their bytes.
    socks, stop = [], threading.Event()
    for a in range(5):
        for _ in range(60):
            try:
                s = socket.create_connection(('127.0.0.1', PORT), timeout=2,
                                             source_address=('127.0.0.%d' % (20 + a), 0))
                s.sendall(b'GET /login HTTP/1.1\r\nHost: x\r\n')
                socks.append(s)
            except OSError:
                pass
    opened = len(socks)

    def trickle():
        while not stop.is_set():
            for s in list(socks):
                try:
                    s.sendall(b'X-a: b\r\n')
                except OSError:
                    socks.remove(s)
            stop.wait(1.0)
    th = threading.Thread(target=trickle)
    th.start()
    time.sleep(1)
    t = time.time()
    try:
        st = request(PORT, 'GET', '/login', src='127.0.0.30', timeout=5)[0]
    except OSError as e:
        st = 'error %s' % e
    served_ms = (time.time() - t) * 1000
    # wait for the deadline to close the trickling ones
    t0 = time.time()
    while time.time() - t0 < 25 and socks:
        time.sleep(1)
    stop.set()
    th.join()
    alive = len(socks)
    for s in socks:
        s.close()
    ok = st == 200 and served_ms < 3000 and alive == 0
    return ok, '%d slow connections accepted of 300; another address got %s in %.0f ms; ' \
               '%d still open after %.0f s' % (opened, st, served_ms, alive, time.time() - t0)


def t_file_modes():
    notes = []
    ok = True
    # users file others can write: refused by the CLI and by the server
    u2 = os.path.join(work, 'users-0666')
    shutil.copy(users, u2)
    os.chmod(u2, 0o666)
    r = run('user', 'list', '--users', u2)
    ok &= r.returncode != 0 and b'others can write' in r.stderr
    notes.append('user list on a 0666 file: exit %d' % r.returncode)
    s2 = Server(db, u2)
    st, h, hl, _ = request(s2.port, 'GET', '/api/search?q=kind', headers=basic(USER, PASSWORD))
    s2.stop()
    ok &= st == 401 and b'others can write' in s2.log()
    notes.append('server with it: %d' % st)
    # readable by others: accepted with a warning
    os.chmod(u2, 0o644)
    r = run('user', 'list', '--users', u2)
    ok &= r.returncode == 0 and b'can be read by others' in r.stderr
    notes.append('0644: exit %d, warned' % r.returncode)
    # the index is private
    mode = stat.S_IMODE(os.stat(db).st_mode)
    fmodes = {stat.S_IMODE(os.stat(os.path.join(db, f)).st_mode) for f in os.listdir(db)}
    ok &= mode == 0o700 and fmodes <= {0o600}
    notes.append('index %o, files %s' % (mode, ','.join('%o' % m for m in sorted(fmodes))))
    return ok, '; '.join(notes)


def t_tls():
    if shutil.which('openssl') is None:
        return None, 'no openssl'
    d = os.path.join(work, 'tls')
    os.mkdir(d)
    for n in ('a', 'b'):
        subprocess.run(['openssl', 'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256',
                        '-nodes', '-keyout', '%s/%s.key' % (d, n), '-out', '%s/%s.crt' % (d, n),
                        '-days', '2', '-subj', '/CN=localhost'], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=True)
        os.chmod('%s/%s.key' % (d, n), 0o600)
    notes, ok = [], True
    # a key others can write is refused
    os.chmod(d + '/a.key', 0o666)
    s = Server(db, users, '--tls-cert', d + '/a.crt', '--tls-key', d + '/a.key', expect_up=False)
    rc = s.p.wait(20)
    s.stop()
    ok &= rc != 0 and b'others can write' in s.log()
    notes.append('0666 key: exit %d' % rc)
    os.chmod(d + '/a.key', 0o600)
    # a key that does not match the certificate is named as such
    s = Server(db, users, '--tls-cert', d + '/a.crt', '--tls-key', d + '/b.key', expect_up=False)
    rc = s.p.wait(20)
    s.stop()
    ok &= rc != 0 and b'does not match' in s.log() and b'in use' not in s.log()
    notes.append('mismatched key: exit %d, "%s"' % (rc, s.log().decode('utf-8', 'replace').strip().splitlines()[-1][:60]))
    # TLS 1.2+ with forward secrecy only
    s = Server(db, users, '--tls-cert', d + '/a.crt', '--tls-key', d + '/a.key')

    def hs(*args):
        r = subprocess.run(['openssl', 's_client', '-connect', '127.0.0.1:%d' % s.port] + list(args),
                           input=b'', stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=20)
        return b'Cipher is (NONE)' not in r.stdout and b'New, TLSv' in r.stdout
    got = {'tls1.3': hs('-tls1_3'), 'tls1.2 ecdhe': hs('-tls1_2', '-cipher', 'ECDHE-ECDSA-AES128-GCM-SHA256'),
           'tls1.1': hs('-tls1_1', '-cipher', 'ALL:@SECLEVEL=0'), 'tls1.0': hs('-tls1', '-cipher', 'ALL:@SECLEVEL=0'),
           'tls1.2 cbc-sha': hs('-tls1_2', '-cipher', 'ECDHE-ECDSA-AES128-SHA')}
    s.stop()
    ok &= got['tls1.3'] and got['tls1.2 ecdhe'] and not got['tls1.1'] and not got['tls1.0']
    notes.append('handshakes: ' + ', '.join('%s %s' % (k, 'yes' if v else 'no') for k, v in got.items()))
    return ok, '; '.join(notes)


def t_near_wildcard():
    st = request(PORT, 'GET', '/api/search?q=' + urllib.parse.quote('jeugd* NEAR zorg'), headers=basic(USER, PASSWORD))[0]
    st2 = request(PORT, 'GET', '/api/search?q=' + urllib.parse.quote('jeugd* ADJ zorg'), headers=basic(USER, PASSWORD))[0]
    return st == 400 and st2 == 400, 'NEAR over a wildcard: %d, ADJ: %d' % (st, st2)


def t_parse_uint():
    st = request(PORT, 'GET', '/api/search?q=kind&passages=9', headers=basic(USER, PASSWORD))[0]
    r = run('search', '--db', db, '--passages', '7', 'kind')
    return st == 400 and r.returncode == 2, 'passages=9: %d; --passages 7: exit %d' % (st, r.returncode)


def t_logs():
    before = len(srv.log())
    evil = 'ad\nmin logged in\x1b[2J'
    login(PORT, evil, 'x', src='127.0.0.5')
    request(PORT, 'GET', '/api/search?q=kind', headers=basic('basicuser', 'wrong'), src='127.0.0.6')
    time.sleep(0.3)
    log = srv.log()[before:]
    forged = [l for l in log.split(b'\n') if l.startswith(b'min logged in')]
    ok = not forged and b'\x1b' not in log and b'ad\\nmin logged in\\x1b[2J' in log
    basic_logged = b'failed Basic login for "basicuser" from 127.0.0.6' in log
    # a flood from one address: 3,000 requests that each would log a line
    src = '127.0.0.7'
    before = len(srv.log())
    t = time.time()
    sent = 0
    c = http.client.HTTPConnection('127.0.0.1', PORT, timeout=10, source_address=(src, 0))
    while time.time() - t < 4 and sent < 3000:
        c.request('GET', '/api/search?q=kind', headers=basic('flood', 'x'))
        c.getresponse().read()
        sent += 1
    secs = time.time() - t
    time.sleep(0.3)
    lines = [l for l in srv.log()[before:].split(b'\n') if src.encode() in l]
    bounded = len(lines) <= 20 + secs + 3
    return ok and basic_logged and bounded, \
        'user name escaped: %s; failed Basic logged: %s; %d requests in %.1f s wrote %d lines' % (
            ok, basic_logged, sent, secs, len(lines))


def t_symlinks():
    notes, ok = [], True
    for w in ('zzoutsideword',):
        r = run('search', '--db', db, w)
        found = not r.stdout.startswith(b'0 documents')
        ok &= not found
        notes.append('outside file via links: %s' % ('FOUND' if found else 'not indexed'))
    warned = 'symbolic link; not followed' in index_out
    ok &= warned
    # --follow-symlinks: the inner link is followed (to its real path), the outside ones are not
    db2 = os.path.join(work, 'db-follow')
    r = run('index', '--db', db2, '--quiet', '--follow-symlinks', docs)
    out2 = r.stdout.decode('utf-8', 'replace')
    r1 = run('search', '--db', db2, '--json', 'zzoutsideword')
    r2 = run('search', '--db', db2, '--json', 'zzinnerword')
    outside_found = json.loads(r1.stdout)['total']
    inner = json.loads(r2.stdout)
    inner_paths = [h['path'] for h in inner['results']] + [p for h in inner['results'] for p in h.get('duplicates', [])]
    ok &= outside_found == 0 and inner['total'] == 1 and all('link-to' not in p for p in inner_paths) \
        and 'outside the indexed folders' in out2
    notes.append('--follow-symlinks: outside %d, inner %d at %s' % (outside_found, inner['total'], inner_paths))
    # a served file replaced by a link: refused
    i = doc_id('zzservedword')
    p = os.path.join(docs, 'served.pdf')
    shutil.move(p, p + '.bak')
    os.symlink(os.path.join(outside, 'secret.pdf'), p)
    st, h, hl, body = request(PORT, 'GET', '/doc/%d/pdf' % i, headers=session())
    os.unlink(p)
    shutil.move(p + '.bak', p)
    ok &= st in (404, 409) and b'%PDF' not in body
    notes.append('served file replaced by a link: %d' % st)
    return ok, '; '.join(notes)


def t_replaced_pdf():
    i = doc_id('zzservedword')
    p = os.path.join(docs, 'served.pdf')
    st0 = request(PORT, 'GET', '/doc/%d/pdf' % i, headers=session())[0]
    orig = open(p, 'rb').read()
    sti = os.stat(p)
    # same size, same mtime, other bytes: only the hash tells
    forged = orig.replace(b'zzservedword', b'zzforgedword')
    open(p, 'wb').write(forged)
    os.utime(p, ns=(sti.st_atime_ns, sti.st_mtime_ns))
    st1, h, hl, body1 = request(PORT, 'GET', '/doc/%d/pdf?lang_ui=en' % i, headers=session())
    # another size
    open(p, 'wb').write(orig + b'\n% appended\n')
    st2 = request(PORT, 'GET', '/doc/%d/pdf' % i, headers=session())[0]
    open(p, 'wb').write(orig)
    os.utime(p, ns=(sti.st_atime_ns, sti.st_mtime_ns))
    st3 = request(PORT, 'GET', '/doc/%d/pdf' % i, headers=session())[0]
    clear = b'not the one that was indexed' in body1
    return st0 == 200 and st1 == 409 and st2 == 409 and st3 == 200 and clear, \
        'original %d; same size+mtime other bytes %d; other size %d; restored %d' % (st0, st1, st2, st3)


def t_fifo():
    i = doc_id('zzfifoword')
    p = os.path.join(docs, 'fifo-victim.pdf')
    os.rename(p, p + '.bak')
    os.mkfifo(p)
    t = time.time()
    try:
        st = request(PORT, 'GET', '/doc/%d/pdf' % i, headers=session(), timeout=5)[0]
    except OSError as e:
        st = 'no answer (%s)' % e
    ms = (time.time() - t) * 1000
    # the server still answers others
    st2 = request(PORT, 'GET', '/login', timeout=5)[0]
    os.unlink(p)
    os.rename(p + '.bak', p)
    time.sleep(0.2)
    log = srv.log()
    said = b'not a regular file' in log and b'fifo-victim.pdf: Success' not in log
    # and the indexer skips a FIFO named .pdf with a clear reason
    fdir = os.path.join(work, 'fifo-dir')
    os.mkdir(fdir)
    os.mkfifo(os.path.join(fdir, 'pipe.pdf'))
    r = run('index', '--db', os.path.join(work, 'db-fifo'), fdir, timeout=60)
    idx = b'pipe.pdf: not a regular file' in r.stdout
    return st == 409 and ms < 3000 and st2 == 200 and said and idx, \
        'FIFO in place of a PDF: %s in %.0f ms; log clear: %s; indexer: %s' % (st, ms, said, idx)


def t_disk_full():
    if os.geteuid() != 0:
        return None, 'needs root for a tmpfs'
    mnt = os.path.join(work, 'full')
    os.mkdir(mnt)
    if subprocess.run(['mount', '-t', 'tmpfs', '-o', 'size=600k', 'tmpfs', mnt],
                      stderr=subprocess.DEVNULL).returncode != 0:
        return None, 'cannot mount a tmpfs here'
    try:
        r = run('index', '--db', os.path.join(mnt, 'db'), CORPUS, timeout=300)
        out, err = r.stdout.decode('utf-8', 'replace'), r.stderr.decode('utf-8', 'replace')
        m = re.search(r'indexed (\d+) new', out)
        claimed = int(m.group(1)) if m else -1
        # what a reader of the index sees
        d = subprocess.run(['xapian-delve', os.path.join(mnt, 'db')], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT).stdout.decode('utf-8', 'replace')
        held = re.search(r'number of documents = (\d+)', d)
        held = int(held.group(1)) if held else 0
        ok = r.returncode == 2 and 'full' in err and claimed == held
        return ok, 'exit %d; summary says %d new, the index holds %d; error: %s' % (
            r.returncode, claimed, held, err.strip().splitlines()[-1][:90] if err.strip() else '')
    finally:
        subprocess.run(['umount', mnt])


def local_address():
    try:
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.connect(('192.0.2.1', 9))
        a = s.getsockname()[0]
        s.close()
        return None if a.startswith('127.') else a
    except OSError:
        return None


def t_plain_http():
    notes, ok = [], True
    s = Server(db, users, bind='0.0.0.0', expect_up=False)
    rc = s.p.wait(20)
    s.stop()
    ok &= rc == 2 and b'--insecure-http' in s.log()
    notes.append('0.0.0.0 without TLS: exit %d' % rc)
    s = Server(db, users, '--insecure-http', bind='0.0.0.0')
    ok &= s.up and b'WARNING: plain HTTP' in s.log()
    notes.append('with --insecure-http: up %s, warned' % s.up)
    a = local_address()
    if a and s.up:
        st, h, hl, _ = request(s.port, 'GET', '/api/search?q=kind', host=a, src=a)
        # from a network address without TLS Basic is refused: no challenge
        ok &= st == 401 and 'www-authenticate' not in h
        notes.append('401 off loopback challenges Basic: %s' % ('www-authenticate' in h))
    else:
        notes.append('(no network address to try the challenge from)')
    st, h, hl, _ = request(PORT, 'GET', '/api/search?q=kind')
    ok &= st == 401 and 'www-authenticate' in h
    s.stop()
    return ok, '; '.join(notes)


def t_terminal_and_misc():
    notes, ok = [], True
    r = run('search', '--db', db, 'zzevilword')
    esc_ok = b'\x1b' not in r.stdout and b'\x07' not in r.stdout and b'\\x1b' in r.stdout
    i = doc_id('zzevilword')
    r2 = run('show', '--db', db, str(i))
    esc_ok &= b'\x1b' not in r2.stdout and b'\x07' not in r2.stdout
    ok &= esc_ok
    notes.append('escape sequences kept off the terminal: %s' % esc_ok)
    # --bind :: takes IPv4 too
    s = Server(db, users, '--insecure-http', bind='::')
    try:
        st = request(s.port, 'GET', '/login', timeout=5)[0]
    except OSError as e:
        st = str(e)
    s.stop()
    ok &= st == 200
    notes.append('--bind :: over IPv4: %s' % st)
    # a corrupt users file: the login page does not suggest `kindex user add`
    u3 = os.path.join(work, 'users-corrupt')
    open(u3, 'w').write('this is not a users file\n')
    os.chmod(u3, 0o600)
    s = Server(db, u3)
    page = request(s.port, 'GET', '/login?lang_ui=en')[3].decode('utf-8', 'replace')
    s.stop()
    good = 'cannot be read' in page and 'user add' not in page
    ok &= good
    notes.append('corrupt users file named on the login page: %s' % good)
    return ok, '; '.join(notes)


print('kindex security checks (issue 14), server on port %d' % PORT)
check('passwd-ends-sessions', '1', t_passwd_ends_sessions)
check('no-lockout', '2', t_no_lockout)
check('simultaneous-guesses', '2', t_simultaneous)
check('slowloris', '3', t_slowloris)
check('file-modes', '4', t_file_modes)
check('tls', '4,12,13', t_tls)
check('near-wildcard', '5', t_near_wildcard)
check('parse-uint', '6', t_parse_uint)
check('logs', '7', t_logs)
check('symlinks', '8', t_symlinks)
check('replaced-pdf', '9', t_replaced_pdf)
check('fifo', '10', t_fifo)
check('disk-full', '11', t_disk_full)
check('plain-http', '12', t_plain_http)
check('terminal-and-misc', '13', t_terminal_and_misc)
srv.stop()
check('sanitizers', '-', lambda: (not SANITIZER, 'reports in %s' % SANITIZER if SANITIZER else
                                  'no sanitizer report in any server log (meaningful with an ASan build)'))
n_ok = sum(v == 'ok' for _, v in results)
n_fail = sum(v == 'FAIL' for _, v in results)
print('SECURITY_RESULT checks=%d ok=%d fail=%d skip=%d' % (len(results), n_ok, n_fail,
                                                            len(results) - n_ok - n_fail))
shutil.rmtree(work, ignore_errors=True)
sys.exit(1 if n_fail else 0)
