-- Helpers the scripts share, loaded with dofile(dir .. "/common.lua"):
-- tests/miltertest.rs passes -D port=PORT -D dir=THIS_FOLDER.

-- miltertest exits with status 1 without printing error()'s message:
-- say it first.
function fail(message)
	mt.echo("FAIL: " .. message)
	error(message)
end

function check(what, err)
	if err ~= nil then
		fail(what .. " failed: " .. tostring(err))
	end
end

function expect_reply(conn, what, wanted)
	local got = mt.getreply(conn)
	if got ~= wanted then
		fail(what .. ": reply " .. tostring(got) .. ", wanted " .. tostring(wanted))
	end
end

-- A negotiated connection to the milter.
function connect()
	local conn = mt.connect("inet:" .. port .. "@127.0.0.1", 5, 0.2)
	if conn == nil then
		fail("cannot connect to the milter on port " .. tostring(port))
	end
	check("negotiate", mt.negotiate(conn, nil, nil, nil))
	return conn
end
