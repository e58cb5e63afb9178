%% server_pool on the BEAM (workloads/src/server_pool.cpp): C clients make
%% synchronous calls to one server, then to a pool of S servers. Each call
%% costs the server work_ns of busy work, the time `work` iterations of the
%% C++ busy work take on this machine (the runner measures it), as iterations
%% of ab_beam:busy_work timed at start-up (ab_beam:work_iterations); extra
%% work_ns, work_iterations and work_ns_per_iteration say what was used. A
%% call is a plain request/reply with a reference, as gen_server:call makes
%% it, without gen_server's monitor and timeout (the C++ backends have
%% neither). Client C sends call K to server
%% (C + K) mod S. The main figures are the pool phase's; the single server's
%% are in extra (single_*), with pool_speedup.
%%
%% Verification: every reply carries the request's id and argument, which the
%% client checks, and f(x), which goes into a checksum compared after the run
%% with f computed here; each client completes exactly `calls` calls.
-module(ab_server_pool).
-export([run/1]).

run(#{clients := C, calls := Calls, servers := S, work := Work, work_ns := WorkNs})
  when C >= 1, Calls >= 1, S >= 1, Work >= 0, WorkNs >= 0 ->
    {Iterations, NsPerIteration} = ab_beam:work_iterations(Work, WorkNs),
    Servers = [spawn(fun() -> server(Iterations) end) || _ <- lists:seq(1, S)],
    Single = phase(list_to_tuple([hd(Servers)]), C, Calls),
    Pool = phase(list_to_tuple(Servers), C, Calls),
    [P ! stop || P <- Servers],
    Expected = lists:sum([ab_beam:busy_work(argument(Client, K), Iterations)
                          || Client <- lists:seq(0, C - 1), K <- lists:seq(0, Calls - 1)]),
    Total = C * Calls,
    case {Single, Pool} of
        {{error, _} = E, _} -> E;
        {_, {error, _} = E} -> E;
        {{_, _, Sum1}, {_, _, Sum2}} when Sum1 =/= Expected; Sum2 =/= Expected ->
            {error, "the replies' checksum does not match"};
        {{SingleNs, SingleLatency, _}, {PoolNs, PoolLatency, _}} ->
            Sorted = lists:sort(SingleLatency),
            SingleRate = Total / (SingleNs / 1.0e9),
            PoolRate = Total / (PoolNs / 1.0e9),
            {ok, #{seconds => PoolNs / 1.0e9, items => Total, unit => "calls", latency => PoolLatency,
                   extra => #{single_calls_per_second => SingleRate,
                              single_p50_ns => percentile(Sorted, Total, 50),
                              single_p99_ns => percentile(Sorted, Total, 99),
                              pool_speedup => PoolRate / SingleRate,
                              work_ns => WorkNs,
                              work_iterations => Iterations,
                              work_ns_per_iteration => NsPerIteration}}}
    end;
run(_) ->
    {error, "need clients, calls, servers >= 1, work >= 0 and work_ns >= 0"}.

%% A client's argument for its K-th call: distinct across clients and calls.
argument(Client, K) -> Client * 1000003 + K.

percentile(Sorted, N, P) -> lists:nth(max(1, min(N, ceil(N * P / 100))), Sorted).

%% One phase: {Nanoseconds, Latencies, Checksum} or {error, Why}.
phase(Servers, C, Calls) ->
    Root = self(),
    T0 = ab_beam:now_ns(),
    [spawn(fun() -> client(Root, Servers, Index, 0, Calls, 0, [], true) end)
     || Index <- lists:seq(0, C - 1)],
    Reports = [receive {client, Index, Done, Sum, Latency, Ok} -> {Index, Done, Sum, Latency, Ok} end
               || _ <- lists:seq(1, C)],
    T1 = ab_beam:now_ns(),
    case [I || {I, Done, _, _, Ok} <- Reports, Done =/= Calls orelse not Ok] of
        [] ->
            {T1 - T0, lists:append([L || {_, _, _, L, _} <- Reports]),
             lists:sum([Sum || {_, _, Sum, _, _} <- Reports])};
        [Bad | _] ->
            {error, io_lib:format("client ~p got a wrong reply", [Bad])}
    end.

client(Root, _, Index, Calls, Calls, Sum, Latency, Ok) ->
    Root ! {client, Index, Calls, Sum, Latency, Ok};
client(Root, Servers, Index, K, Calls, Sum, Latency, Ok) ->
    X = argument(Index, K),
    Ref = make_ref(),
    Sent = ab_beam:now_ns(),
    element((Index + K) rem tuple_size(Servers) + 1, Servers) ! {call, self(), Ref, K, X},
    receive
        {Ref, Id, Echo, Result} ->
            Now = ab_beam:now_ns(),
            client(Root, Servers, Index, K + 1, Calls, Sum + Result, [Now - Sent | Latency],
                   Ok andalso Id =:= K andalso Echo =:= X)
    end.

server(Iterations) ->
    receive
        {call, From, Ref, Id, X} ->
            From ! {Ref, Id, X, ab_beam:busy_work(X, Iterations)},
            server(Iterations);
        stop ->
            ok
    end.
