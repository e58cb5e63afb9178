// The actor runtime, all of it.
#pragma once

#include "rt/binary.hpp"
#include "rt/config.hpp"
#include "rt/exit_reason.hpp"
#include "rt/gen_server.hpp"
#include "rt/info.hpp"
#include "rt/mailbox_limit.hpp"
#include "rt/message.hpp"
#include "rt/pid.hpp"
#include "rt/proc.hpp"
#include "rt/receive.hpp"
#include "rt/runtime.hpp"
#include "rt/supervisor.hpp"
#include "rt/system_messages.hpp"
#include "rt/this_process.hpp"
