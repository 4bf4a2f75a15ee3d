-- A p=quarantine failure is held (SMFIR_QUARANTINE) and still goes on;
-- then a client that drops the connection in the middle of a body, and a
-- new connection that is served as usual.
--
-- Run by tests/miltertest.rs: miltertest -D port=PORT -D dir=FOLDER -s THIS_FILE.

dofile(dir .. "/common.lua")

local function open(ip)
	local conn = connect()
	check("conninfo", mt.conninfo(conn, "unknown", ip))
	check("helo", mt.helo(conn, "mail.forger.example"))
	return conn
end

local function start_message(conn, from)
	check("mailfrom", mt.mailfrom(conn, "<" .. from .. ">"))
	check("header", mt.header(conn, "From", from))
	check("header", mt.header(conn, "Subject", "offer"))
	check("eoh", mt.eoh(conn))
	check("body", mt.bodystring(conn, "A special offer.\r\n"))
end

local function continues(conn, what)
	local reply = mt.getreply(conn)
	if reply ~= SMFIR_CONTINUE and reply ~= SMFIR_ACCEPT then
		fail(what .. ": reply " .. tostring(reply))
	end
end

-- 1. quarantine.example's name from an address its SPF does not list.
local conn = open("198.51.100.7")
start_message(conn, "news@quarantine.example")
check("eom", mt.eom(conn))
continues(conn, "eom (p=quarantine failure)")
if not mt.eom_check(conn, MT_QUARANTINE) then
	fail("not quarantined")
end
local ar = mt.getheader(conn, "Authentication-Results", 0)
if ar == nil or not string.find(ar, "dmarc=fail") then
	fail("results: " .. tostring(ar))
end

-- 2. Half a message, then the connection dropped without a word.
start_message(conn, "news@quarantine.example")
check("disconnect", mt.disconnect(conn, false))

-- 3. A new connection is served: a domain without DMARC goes on.
conn = open("198.51.100.8")
start_message(conn, "news@open.example")
check("eom", mt.eom(conn))
continues(conn, "eom after a dropped connection")
if mt.eom_check(conn, MT_QUARANTINE) then
	fail("quarantined without a policy")
end
if not mt.eom_check(conn, MT_HDRINSERT, "Authentication-Results") then
	fail("no Authentication-Results inserted")
end
mt.disconnect(conn)
mt.echo("ok")
