%% spawn_storm on the BEAM (workloads/src/spawn_storm.cpp): spawn N processes
%% as fast as possible. Mode 0: each child ends at once; 1: it sends its parent
%% one reply, then ends; 2 (hold): it replies and waits for `stop`, so all N
%% are alive at once, and bytes_per_process is (RSS with N idle children - RSS
%% before) / N. Items are spawns; seconds from the first spawn to the last
%% reply (modes 1, 2) or until every child has ended (mode 0, observed with
%% erlang:statistics(total_active_tasks) and the process count, as the C++
%% version waits for its backend to be empty). Each child's spawn latency,
%% from its parent's spawn call to the child's first instruction, is a sample.
%%
%% The spawner spawns `batch` children, then yields, as the C++ spawner gives
%% up its thread between turns. The VM runs with +P above N.
%%
%% Verification: every child ran exactly once (it reports its latency with its
%% index, in modes 1 and 2 in its reply; in mode 0 into an atomics slot); in
%% modes 1 and 2 the parent got one reply from each.
-module(ab_spawn_storm).
-export([run/1]).

run(#{processes := N, mode := Mode, batch := Batch})
  when N >= 1, Batch >= 1, Mode >= 0, Mode =< 2 ->
    %% Mode 0: slot I+1 holds child I's latency + 1 (0: never ran).
    Slots = atomics:new(N, [{signed, true}]),
    Baseline = erlang:system_info(process_count),
    erlang:garbage_collect(),
    RssBefore = ab_beam:rss_bytes(),
    T0 = ab_beam:now_ns(),
    Held = spawn_all(self(), Slots, 0, N, Batch, mode(Mode), []),
    case mode(Mode) of
        exit ->
            wait_until_back_to(Baseline),
            T1 = ab_beam:now_ns(),
            Latencies = [atomics:get(Slots, I) - 1 || I <- lists:seq(1, N)],
            Ran = length([L || L <- Latencies, L >= 0]),
            report(N, Ran, N, T1 - T0, [L || L <- Latencies, L >= 0], #{});
        M ->
            Replies = collect(N, #{}),
            T1 = ab_beam:now_ns(),
            Memory = case M of
                         hold ->
                             Rss = ab_beam:rss_bytes(),
                             [P ! stop || P <- Held],
                             #{bytes_per_process => (Rss - RssBefore) / N, peak_rss_bytes => Rss};
                         reply ->
                             #{}
                     end,
            report(N, maps:size(Replies), maps:size(Replies), T1 - T0, maps:values(Replies), Memory)
    end;
run(_) ->
    {error, "need processes >= 1, batch >= 1 and mode 0 (exit), 1 (reply) or 2 (hold)"}.

mode(0) -> exit;
mode(1) -> reply;
mode(2) -> hold.

report(N, Ran, _, _, _, _) when Ran =/= N ->
    {error, io_lib:format("~p of ~p children ran", [Ran, N])};
report(N, _, Replied, _, _, _) when Replied =/= N ->
    {error, io_lib:format("~p of ~p children replied", [Replied, N])};
report(N, _, _, Ns, Latencies, Memory) ->
    {ok, Memory#{seconds => Ns / 1.0e9, items => N, unit => "spawns", latency => Latencies}}.

spawn_all(_, _, N, N, _, _, Held) -> Held;
spawn_all(Parent, Slots, I, N, Batch, Mode, Held) ->
    Spawned = ab_beam:now_ns(),
    Pid = spawn(fun() -> child(Parent, Slots, I, Spawned, Mode) end),
    (I + 1) rem Batch =:= 0 andalso erlang:yield(),
    spawn_all(Parent, Slots, I + 1, N, Batch, Mode, case Mode of hold -> [Pid | Held]; _ -> Held end).

child(_, Slots, I, Spawned, exit) ->
    atomics:put(Slots, I + 1, ab_beam:now_ns() - Spawned + 1);
child(Parent, _, I, Spawned, reply) ->
    Parent ! {ran, I, ab_beam:now_ns() - Spawned};
child(Parent, _, I, Spawned, hold) ->
    Parent ! {ran, I, ab_beam:now_ns() - Spawned},
    receive stop -> ok end.

%% Child index -> latency; a second reply from one child is an error.
collect(0, Replies) -> Replies;
collect(Left, Replies) ->
    receive
        {ran, I, Latency} when not is_map_key(I, Replies) -> collect(Left - 1, Replies#{I => Latency});
        {ran, I, _} -> error({second_reply, I})
    end.

%% Mode 0's end: every child has exited.
wait_until_back_to(Baseline) ->
    case erlang:system_info(process_count) of
        Count when Count =< Baseline -> ok;
        _ -> erlang:yield(), wait_until_back_to(Baseline)
    end.
