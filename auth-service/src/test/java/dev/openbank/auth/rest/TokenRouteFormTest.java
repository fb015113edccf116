package dev.openbank.auth.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TokenRouteFormTest {

  @Test
  void formDecodingKeepsSemicolonsRepeatsAndPlusAsSpace() {
    Map<String, List<String>> form =
        TokenRoute.parseForm("client_secret=a;b%3Bc&scope=ais+pay_by_link&scope=x&empty=&bare");
    assertEquals(List.of("a;b;c"), form.get("client_secret"));
    assertEquals(List.of("ais pay_by_link", "x"), form.get("scope"));
    assertEquals(List.of(""), form.get("empty"));
    assertEquals(List.of(""), form.get("bare"));
    assertEquals(Map.of(), TokenRoute.parseForm(""));
  }

  @Test
  void noParameterIsDroppedHoweverManyThereAre() {
    String body = "p=1&".repeat(5000) + "grant_type=a&grant_type=b";
    Map<String, List<String>> form = TokenRoute.parseForm(body);
    assertEquals(5000, form.get("p").size());
    assertEquals(List.of("a", "b"), form.get("grant_type"));
  }

  @Test
  void malformedPercentEncodingIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> TokenRoute.parseForm("a=%zz"));
    assertThrows(IllegalArgumentException.class, () -> TokenRoute.parseForm("a=%4"));
  }

  @Test
  void onlyFormContentTypesAreAccepted() {
    assertTrue(TokenRoute.isForm("application/x-www-form-urlencoded"));
    assertTrue(TokenRoute.isForm("Application/X-WWW-Form-Urlencoded;charset=UTF-8"));
    assertTrue(TokenRoute.isForm("application/x-www-form-urlencoded ; charset=UTF-8"));
    assertFalse(TokenRoute.isForm(null));
    assertFalse(TokenRoute.isForm("application/json"));
    assertFalse(TokenRoute.isForm("application/x-www-form-urlencodedx"));
    assertFalse(TokenRoute.isForm("multipart/form-data"));
  }
}
