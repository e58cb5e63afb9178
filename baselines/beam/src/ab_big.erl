%% big on the BEAM (workloads/src/big.cpp, after bencherl's big): W workers
%% each keep `window` pings outstanding to random peers until they have made
%% `pings`, answering everyone else's pings meanwhile. Items are round trips;
%% seconds from `start` to the last worker's last pong.
%%
%% Verification: every pong answers an outstanding ping of its receiver (it
%% echoes the sequence number); each worker gets exactly `pings` pongs; the
%% pings answered add up to W*pings.
-module(ab_big).
-export([run/1]).

run(#{workers := W, pings := Pings, window := Window}) when W >= 2, Pings >= 1, Window >= 1 ->
    Root = self(),
    Workers = [spawn(fun() -> worker_start(Root, I, Pings, Window) end) || I <- lists:seq(0, W - 1)],
    Directory = list_to_tuple(Workers),
    T0 = ab_beam:now_ns(),
    [P ! {start, Directory} || P <- Workers],
    Bad = [I || _ <- Workers, I <- [receive {finished, Index, Ok} -> {Index, Ok} end],
                element(2, I) =:= false],
    T1 = ab_beam:now_ns(),
    [P ! stop || P <- Workers],
    Answered = lists:sum([receive {answered, N} -> N end || _ <- Workers]),
    if
        Bad =/= [] ->
            {error, io_lib:format("worker ~p got a pong it did not expect", [element(1, hd(Bad))])};
        Answered =/= W * Pings ->
            {error, io_lib:format("~p pings answered, expected ~p", [Answered, W * Pings])};
        true ->
            {ok, #{seconds => (T1 - T0) / 1.0e9, items => W * Pings, unit => "round trips"}}
    end;
run(_) ->
    {error, "need workers >= 2, pings >= 1 and window >= 1"}.

worker_start(Root, Index, Pings, Window) ->
    receive {start, Dir} -> ok end,
    rand:seed(exsss, {Index + 1, 17, 23}),
    W = #{root => Root, index => Index, dir => Dir, pings => Pings, ok => true},
    First = min(Window, Pings),
    Outstanding = lists:foldl(fun(Seq, Out) -> ping(W, Seq), Out#{Seq => true} end,
                              #{}, lists:seq(0, First - 1)),
    loop(W, First, 0, 0, Outstanding).

%% Sent: pings made; Pongs: pongs received; Answered: others' pings answered.
loop(W = #{index := Index, dir := Dir, pings := Pings, root := Root}, Sent, Pongs, Answered,
     Outstanding) ->
    receive
        {ping, From, Seq} ->
            element(From + 1, Dir) ! {pong, From, Seq},
            loop(W, Sent, Pongs, Answered + 1, Outstanding);
        {pong, Index, Seq} ->
            W2 = case maps:take(Seq, Outstanding) of
                     {true, _} -> W;
                     error -> W#{ok := false}
                 end,
            Out = maps:remove(Seq, Outstanding),
            case Sent < Pings of
                true ->
                    ping(W2, Sent),
                    loop(W2, Sent + 1, Pongs + 1, Answered, Out#{Sent => true});
                false ->
                    Pongs + 1 =:= Pings andalso (Root ! {finished, Index, maps:get(ok, W2)}),
                    loop(W2, Sent, Pongs + 1, Answered, Out)
            end;
        {pong, _, _} ->
            loop(W#{ok := false}, Sent, Pongs, Answered, Outstanding);
        stop ->
            Root ! {answered, Answered}
    end.

%% A ping to anyone but ourselves.
ping(#{index := Index, dir := Dir}, Seq) ->
    Peer = case rand:uniform(tuple_size(Dir) - 1) - 1 of
               P when P >= Index -> P + 1;
               P -> P
           end,
    element(Peer + 1, Dir) ! {ping, Index, Seq}.
