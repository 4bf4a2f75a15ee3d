-- The milter driven by OpenDKIM's miltertest, as an MTA would: option
-- negotiation, then on one connection from an address sender.example's
-- SPF record does not list a message refused by its DMARC p=reject, an
-- abort in the middle of a second message, and a third message from
-- another domain that goes on with its results added.
--
-- Run by tests/miltertest.rs: miltertest -D port=PORT -D dir=FOLDER -s THIS_FILE, the
-- milter answering from tests/miltertest.rs's zone.

dofile(dir .. "/common.lua")

local conn = connect()
-- What the milter asked for: adding and changing header fields and
-- quarantine; no recipients.
if not mt.test_action(conn, SMFIF_ADDHDRS) then fail("SMFIF_ADDHDRS not requested") end
if not mt.test_action(conn, SMFIF_CHGHDRS) then fail("SMFIF_CHGHDRS not requested") end
if not mt.test_action(conn, SMFIF_QUARANTINE) then fail("SMFIF_QUARANTINE not requested") end
if not mt.test_option(conn, SMFIP_NORCPT) then fail("SMFIP_NORCPT not requested") end

check("conninfo", mt.conninfo(conn, "unknown", "198.51.100.7"))
expect_reply(conn, "connect", SMFIR_CONTINUE)
check("helo", mt.helo(conn, "mail.forger.example"))
expect_reply(conn, "helo", SMFIR_CONTINUE)

-- 1. sender.example's name from an address it does not list: SPF fails,
-- nothing is signed, DMARC fails under p=reject.
mt.macro(conn, SMFIC_MAIL, "i", "QID1", "{mail_addr}", "ceo@sender.example")
check("mailfrom", mt.mailfrom(conn, "<ceo@sender.example>"))
expect_reply(conn, "mailfrom", SMFIR_CONTINUE)
check("header", mt.header(conn, "From", "The CEO <ceo@sender.example>"))
check("header", mt.header(conn, "To", "inbox@rcpt.example"))
check("header", mt.header(conn, "Subject", "wire money now"))
-- A result claiming the receiver's own authserv-id: a forgery (RFC 8601 §5).
check("header", mt.header(conn, "Authentication-Results", "mx.test.example; dmarc=pass header.from=sender.example"))
check("eoh", mt.eoh(conn))
expect_reply(conn, "eoh", SMFIR_CONTINUE)
-- Nothing reads this body (no DKIM signature, no ARC chain, no seal):
-- the milter answers SKIP at its first chunk (SMFIP_SKIP negotiated), and
-- again to any chunk an MTA sends after all.
check("body", mt.bodystring(conn, "Please wire 10,000 EUR\r\nto the acc"))
expect_reply(conn, "body 1 (nothing reads it)", SMFIR_SKIP)
check("body", mt.bodystring(conn, "ount below.\r\n"))
expect_reply(conn, "body 2 (nothing reads it)", SMFIR_SKIP)
check("eom", mt.eom(conn))
-- A reply code of the milter's own (its codes, 550 5.7.1, are checked
-- through Postfix in tests/postfix.rs: miltertest's MT_SMTPREPLY check
-- compares the whole reply text).
expect_reply(conn, "eom (p=reject failure)", SMFIR_REPLYCODE)

-- 2. A message aborted after part of its body.
mt.macro(conn, SMFIC_MAIL, "i", "QID2")
check("mailfrom", mt.mailfrom(conn, "<ceo@sender.example>"))
check("header", mt.header(conn, "From", "ceo@sender.example"))
check("eoh", mt.eoh(conn))
check("body", mt.bodystring(conn, "half a message\r\n"))
check("abort", mt.abort(conn))

-- 3. On the same connection: another domain (no DMARC record) goes on,
-- its results added, the forged result removed.
mt.macro(conn, SMFIC_MAIL, "i", "QID3")
check("mailfrom", mt.mailfrom(conn, "<news@open.example>"))
expect_reply(conn, "mailfrom", SMFIR_CONTINUE)
check("header", mt.header(conn, "From", "news@open.example"))
check("header", mt.header(conn, "Subject", "news"))
check("header", mt.header(conn, "Authentication-Results", "mx.test.example; dkim=pass header.d=open.example"))
check("eoh", mt.eoh(conn))
check("body", mt.bodystring(conn, "Today's news.\r\n"))
check("eom", mt.eom(conn))
local reply = mt.getreply(conn)
if reply ~= SMFIR_CONTINUE and reply ~= SMFIR_ACCEPT then
	fail("eom (no policy): reply " .. tostring(reply))
end
if not mt.eom_check(conn, MT_HDRINSERT, "Authentication-Results") then
	fail("no Authentication-Results inserted")
end
if not mt.eom_check(conn, MT_HDRDELETE, "Authentication-Results") then
	fail("the forged Authentication-Results was not removed")
end
local ar = mt.getheader(conn, "Authentication-Results", 0)
if ar == nil then fail("no Authentication-Results value") end
mt.echo("Authentication-Results:" .. ar)
if not string.find(ar, "^%s*mx%.test%.example;") then fail("authserv-id: " .. ar) end
if not string.find(ar, "spf=fail") then fail("spf: " .. ar) end
if not string.find(ar, "dmarc=none") then fail("dmarc: " .. ar) end
if string.find(ar, "header.d=open.example", 1, true) then fail("the forged result leaked: " .. ar) end

mt.disconnect(conn)
mt.echo("ok")
