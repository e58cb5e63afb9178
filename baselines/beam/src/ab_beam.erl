%% The beam backend's entry point: runs one workload on this Erlang VM and
%% prints its result for the harness (baselines/beam/src/runner.cpp), which
%% starts the VM as
%%
%%   erl -noshell +S N:N +P P -pa DIR -run ab_beam main WORKLOAD name=value...
%%
%% Each workload is a module ab_<workload> exporting run(Params) -> Result,
%% where Params maps every parameter name (an atom) to its integer value and
%% Result is {ok, Figures}, {unsupported, Why} or {error, Why}. Figures is a
%% map: seconds, items, unit, and optionally latency (a list of nanosecond
%% samples), latency_uncorrected, bytes_per_process, peak_rss_bytes and extra
%% (a map of figure name to number).
%%
%% The output, one "key value..." line each, is what runner.cpp parses:
%%   vm otp=25 erts=13.1.5 schedulers=2 ...   always first
%%   result ok | unsupported | error
%%   reason TEXT                               unsupported and error
%%   seconds F / items N / unit TEXT
%%   latency V1 C1 V2 C2 ...                   value, count pairs, ascending
%%   latency_uncorrected V1 C1 ...
%%   bytes_per_process F / peak_rss_bytes N
%%   extra NAME F
%% Latency values are rounded down to 11 significant bits (an error under
%% 0.05%, finer than the harness histogram's 3 significant digits) so that
%% two million samples take a few thousand pairs.
%%
%% Also the helpers every workload shares: the clock, the resident set size,
%% the busy work and its calibration. A workload with a `work` parameter also
%% gets work_ns, the time `work` iterations of the C++ busy work take on this
%% machine (the runner measures it), and reports the calibration in extra:
%% work_ns, work_iterations (Erlang iterations per message) and
%% work_ns_per_iteration (what one took here).
-module(ab_beam).
-export([main/1]).
-export([now_ns/0, rss_bytes/0, busy_work/2, work_iterations/2, iteration_ns/0]).

%% The significant bits a latency keeps (see above).
-define(LATENCY_BITS, 11).
%% Linux's page size, the unit of /proc/self/statm.
-define(PAGE_BYTES, 4096).
%% Calibrating the busy work: rounds of iterations, timed.
-define(CALIBRATION_ROUNDS, 10).
-define(CALIBRATION_ITERATIONS, 200000).
-define(MASK32, 16#FFFFFFFF).

main([Workload | Args]) ->
    print_vm(),
    Result =
        try
            Params = maps:from_list([param(A) || A <- Args]),
            Module = list_to_atom("ab_" ++ Workload),
            case code:ensure_loaded(Module) of
                {module, Module} -> Module:run(Params);
                {error, _} -> {unsupported, "no Erlang version of workload " ++ Workload}
            end
        catch
            Class:Reason:Stack ->
                {error, io_lib:format("~w:~w at ~w", [Class, Reason, hd(Stack ++ [none])])}
        end,
    print_result(Result),
    halt(0).

param(Arg) ->
    [Name, Value] = string:split(Arg, "="),
    {list_to_atom(Name), list_to_integer(Value)}.

print_vm() ->
    io:format("vm otp=~s erts=~s schedulers=~p emu_flavor=~p process_limit=~p~n",
              [erlang:system_info(otp_release), erlang:system_info(version),
               erlang:system_info(schedulers_online), erlang:system_info(emu_flavor),
               erlang:system_info(process_limit)]).

print_result({ok, F}) ->
    io:format("result ok~n"),
    io:format("seconds ~.9f~nitems ~p~nunit ~s~n",
              [float(maps:get(seconds, F)), maps:get(items, F), maps:get(unit, F)]),
    print_latency("latency", maps:get(latency, F, none)),
    print_latency("latency_uncorrected", maps:get(latency_uncorrected, F, none)),
    [io:format("bytes_per_process ~.3f~n", [float(B)]) || B <- [maps:get(bytes_per_process, F, none)], B =/= none],
    [io:format("peak_rss_bytes ~p~n", [R]) || R <- [maps:get(peak_rss_bytes, F, none)], R =/= none],
    [io:format("extra ~s ~.6f~n", [K, float(V)]) || {K, V} <- lists:sort(maps:to_list(maps:get(extra, F, #{})))],
    ok;
print_result({Kind, Why}) when Kind =:= unsupported; Kind =:= error ->
    Line = lists:flatten(io_lib:format("~s", [Why])),
    io:format("result ~s~nreason ~s~n", [Kind, string:replace(Line, "\n", " ", all)]).

print_latency(_, none) -> ok;
print_latency(Name, Samples) ->
    Counts = lists:foldl(fun(V, Acc) -> maps:update_with(round_latency(V), fun(C) -> C + 1 end, 1, Acc) end,
                         #{}, Samples),
    Pairs = [[integer_to_list(V), $\s, integer_to_list(C)] || {V, C} <- lists:sort(maps:to_list(Counts))],
    io:put_chars([Name, $\s, lists:join($\s, Pairs), $\n]).

round_latency(V) when V < 1 -> 1;
round_latency(V) ->
    Shift = max(0, bit_length(V, 0) - ?LATENCY_BITS),
    (V bsr Shift) bsl Shift.

bit_length(0, Bits) -> Bits;
bit_length(V, Bits) -> bit_length(V bsr 1, Bits + 1).

%% The clock every workload reads (monotonic, nanoseconds).
now_ns() -> erlang:monotonic_time(nanosecond).

%% The VM's resident set size in bytes, as the C++ workloads read theirs.
rss_bytes() ->
    {ok, Statm} = file:read_file("/proc/self/statm"),
    [_Size, Resident | _] = binary:split(Statm, <<" ">>, [global]),
    binary_to_integer(Resident) * ?PAGE_BYTES.

%% The busy work of mailbox_flood and server_pool: a dependent chain of
%% xorshift steps and a multiply, on 32-bit values so that every intermediate
%% stays a small integer (64-bit values, as in the C++ version, would make
%% each step allocate a bignum).
busy_work(Seed, Iterations) -> busy_loop((Seed bor 1) band ?MASK32, Iterations).

busy_loop(X, 0) -> X;
busy_loop(X0, N) ->
    X1 = X0 bxor ((X0 bsl 13) band ?MASK32),
    X2 = X1 bxor (X1 bsr 17),
    X3 = X2 bxor ((X2 bsl 5) band ?MASK32),
    busy_loop((X3 * 16#2545F49) band ?MASK32, N - 1).

%% The C++ workloads' `work` is iterations of ab::busy_work, which take a few
%% ns each; one iteration here costs more, so the runner times the C++ step on
%% this machine and passes the duration `work` iterations take there as
%% work_ns (one message's or one call's worth). The VM times its own step at
%% start-up (iteration_ns/0) and spins work_ns / that many iterations:
%% {Iterations, NsPerIteration}. Work = 0 stays 0 (and is not timed); any
%% other work is at least one iteration.
work_iterations(0, _WorkNs) -> {0, 0.0};
work_iterations(_Work, WorkNs) ->
    NsPerIteration = iteration_ns(),
    {max(1, round(WorkNs / NsPerIteration)), NsPerIteration}.

%% How long one iteration of busy_work/2 takes on this VM, in ns: the step is
%% timed ?CALIBRATION_ROUNDS times and the fastest round counts, since a round
%% that another program preempted only runs slower, never faster.
iteration_ns() ->
    lists:min([time_steps() || _ <- lists:seq(1, ?CALIBRATION_ROUNDS)]).

time_steps() ->
    T0 = now_ns(),
    _ = busy_work(1, ?CALIBRATION_ITERATIONS),
    (now_ns() - T0) / ?CALIBRATION_ITERATIONS.
