%% The runtime's headline micro-benchmarks (rt_bench.cpp), done the same way
%% on the BEAM, so that the two can be compared on one machine.
%%
%%   erl -noshell +S 2 +P 2000000 -pa DIR -run beam_bench main
%%
%% Prints one line per figure: ring ns/hop, spawn ns/spawn, idle bytes per
%% process, cross-scheduler messages/s (medians of 5 runs where repeated).
-module(beam_bench).
-export([main/0, main/1]).

-define(RING_SIZE, 10000).
-define(RING_HOPS, 1000000).
-define(SPAWNS, 200000).
-define(IDLE, 1000000).
-define(CROSS, 10000000).
-define(REPS, 5).

main() -> main([]).
main(_) ->
    io:format("beam otp=~s schedulers=~p~n",
              [erlang:system_info(otp_release), erlang:system_info(schedulers_online)]),
    report("ring_ns_per_hop", [ring() || _ <- lists:seq(1, ?REPS)]),
    report("spawn_ns_per_spawn", [spawn_reply() || _ <- lists:seq(1, ?REPS)]),
    io:format("idle_bytes_per_process ~.1f~n", [idle()]),
    report("cross_msgs_per_s", [cross() || _ <- lists:seq(1, ?REPS)]),
    halt(0).

report(Name, Values) ->
    Sorted = lists:sort(Values),
    Median = lists:nth((length(Sorted) + 1) div 2, Sorted),
    io:format("~s ~.1f (min ~.1f max ~.1f)~n", [Name, Median, hd(Sorted), lists:last(Sorted)]).

%% ring: N processes, a token passed M times.
ring() ->
    Self = self(),
    First = spawn(fun() -> ring_first(Self) end),
    Last = lists:foldl(fun(_, Next) -> spawn(fun() -> ring_node(Next) end) end,
                       First, lists:seq(2, ?RING_SIZE)),
    First ! {next, Last},
    T0 = erlang:monotonic_time(nanosecond),
    Last ! ?RING_HOPS,
    receive done -> ok end,
    T1 = erlang:monotonic_time(nanosecond),
    First ! stop,
    (T1 - T0) / ?RING_HOPS.

ring_first(Parent) ->
    receive {next, Next} -> ring_loop(Next, Parent) end.
ring_node(Next) -> ring_loop(Next, none).
ring_loop(Next, Parent) ->
    receive
        0 when Parent =/= none -> Parent ! done, Next ! stop;
        0 -> Next ! 0, ring_loop(Next, Parent);
        N when is_integer(N) -> Next ! N - 1, ring_loop(Next, Parent);
        stop -> Next ! stop
    end.

%% spawn: a process that sends one message back and exits.
spawn_reply() ->
    Self = self(),
    T0 = erlang:monotonic_time(nanosecond),
    [spawn(fun() -> Self ! 1 end) || _ <- lists:seq(1, ?SPAWNS)],
    collect(?SPAWNS),
    T1 = erlang:monotonic_time(nanosecond),
    (T1 - T0) / ?SPAWNS.
collect(0) -> ok;
collect(N) -> receive 1 -> collect(N - 1) end.

%% idle: resident memory per process blocked in receive.
idle() ->
    erlang:garbage_collect(),
    Before = erlang:memory(total),
    Pids = [spawn(fun() -> receive stop -> ok end end) || _ <- lists:seq(1, ?IDLE)],
    timer:sleep(200),
    After = erlang:memory(total),
    [P ! stop || P <- Pids],
    (After - Before) / ?IDLE.

%% cross: one sender to one receiver on another scheduler.
cross() ->
    Self = self(),
    Receiver = spawn_opt(fun() -> cross_receive(?CROSS, Self) end,
                         [{scheduler, 2}, {message_queue_data, off_heap}]),
    T0 = erlang:monotonic_time(nanosecond),
    spawn_opt(fun() -> cross_send(Receiver, ?CROSS) end, [{scheduler, 1}]),
    receive done -> ok end,
    T1 = erlang:monotonic_time(nanosecond),
    ?CROSS / ((T1 - T0) / 1.0e9).
cross_send(_, 0) -> ok;
cross_send(To, N) -> To ! N, cross_send(To, N - 1).
cross_receive(0, Parent) -> Parent ! done;
cross_receive(N, Parent) -> receive _ -> cross_receive(N - 1, Parent) end.
