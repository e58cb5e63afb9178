%% ring on the BEAM (workloads/src/ring.cpp): N processes in a ring pass T
%% tokens, `hops` hops in all. Items are hops; the clock runs from the first
%% token sent to the last token's report.
%%
%% The root (the calling process) spawns the N nodes, sends each its
%% successor, waits for N acks, then starts token Id at node Id*N div T with
%% its share of the hops (token 0 also takes the remainder). A node forwards a
%% token with hops left and reports one with none to the root.
%%
%% Verification: each token ends once, after exactly its share of hops, at
%% node start + hops (mod N).
-module(ab_ring).
-export([run/1]).

run(#{processes := N, hops := Hops, tokens := T})
  when N >= 2, Hops >= 1, T >= 1, T =< N, T =< Hops ->
    Root = self(),
    Nodes = list_to_tuple([spawn(fun() -> node_start(Root, I) end) || I <- lists:seq(0, N - 1)]),
    [element(I + 1, Nodes) ! {link, element((I + 1) rem N + 1, Nodes)} || I <- lists:seq(0, N - 1)],
    [receive linked -> ok end || _ <- lists:seq(1, N)],
    T0 = ab_beam:now_ns(),
    [element(start(Id, N, T) + 1, Nodes) ! {token, Id, start(Id, N, T), 0, hops_of(Id, Hops, T)}
     || Id <- lists:seq(0, T - 1)],
    Done = [receive {done, Node, Id, Start, Made} -> {Id, Node, Start, Made} end
            || _ <- lists:seq(1, T)],
    T1 = ab_beam:now_ns(),
    [P ! stop || P <- tuple_to_list(Nodes)],
    case verify(lists:sort(Done), 0, N, Hops, T) of
        ok ->
            Ns = T1 - T0,
            {ok, #{seconds => Ns / 1.0e9, items => Hops, unit => "hops",
                   extra => #{ns_per_hop => Ns / Hops}}};
        {error, _} = E -> E
    end;
run(_) ->
    {error, "need processes >= 2, hops >= 1 and 1 <= tokens <= min(processes, hops)"}.

start(Id, N, T) -> Id * N div T.

hops_of(0, Hops, T) -> Hops div T + Hops rem T;
hops_of(_, Hops, T) -> Hops div T.

node_start(Root, Index) ->
    receive {link, Next} -> Root ! linked, node_loop(Root, Index, Next) end.

node_loop(Root, Index, Next) ->
    receive
        {token, Id, Start, Made, 0} ->
            Root ! {done, Index, Id, Start, Made},
            node_loop(Root, Index, Next);
        {token, Id, Start, Made, Left} ->
            Next ! {token, Id, Start, Made + 1, Left - 1},
            node_loop(Root, Index, Next);
        stop ->
            ok
    end.

%% Done is sorted by token id: every id from 0 to T-1 exactly once.
verify([], T, _, _, T) -> ok;
verify([{Id, Node, Start, Made} | Rest], Id, N, Hops, T) ->
    Expected = hops_of(Id, Hops, T),
    if
        Made =/= Expected ->
            {error, io_lib:format("token ~p: made ~p hops, expected ~p", [Id, Made, Expected])};
        Node =/= (Start + Expected) rem N ->
            {error, io_lib:format("token ~p: ended at node ~p, expected ~p",
                                  [Id, Node, (Start + Expected) rem N])};
        true ->
            verify(Rest, Id + 1, N, Hops, T)
    end;
verify([{Id, _, _, _} | _], Expected, _, _, _) ->
    {error, io_lib:format("token ~p ended where token ~p was expected (lost or ended twice)",
                          [Id, Expected])};
verify([], Id, _, _, _) ->
    {error, io_lib:format("token ~p never ended", [Id])}.
